-- Leads whose every enabled phone reached the campaign's per-phone dial cap can never be dialled
-- again, but were left as retries; selection had to step over them on every call. Closing an
-- attempt now marks such leads exhausted; this settles the ones already in the table.

UPDATE leads l SET status = 'exhausted', updated_at = now()
FROM campaigns c
WHERE c.id = l.campaign_id
  AND l.status IN ('new', 'retry')
  AND l.leased_by IS NULL
  AND NOT EXISTS (
    SELECT 1 FROM lead_phones p
    WHERE p.lead_id = l.id AND NOT p.disabled
      AND p.attempts < CASE WHEN (c.settings -> 'recycle' ->> 'maxAttemptsPerPhone') ~ '^[0-9]+$'
                            THEN (c.settings -> 'recycle' ->> 'maxAttemptsPerPhone')::int ELSE 4 END
  );
