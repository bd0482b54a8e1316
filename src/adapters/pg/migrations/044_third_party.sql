-- The third party (one the campaign lists: a verification desk, a supplier) the agent called
-- about the customer, and when the agent left the customer with it, if they did. Such a call's
-- talk with the agent ends there; the line stays the campaign's until the call ends.
ALTER TABLE attempts ADD COLUMN third_party text;
ALTER TABLE attempts ADD COLUMN third_party_handed_off_at timestamptz;
