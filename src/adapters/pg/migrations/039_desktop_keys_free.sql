-- The agent desktop now takes X (transfer) and M (mute) for its own buttons, which win over a
-- disposition code's hotkey: a code that had one of them could no longer be chosen by key. Its
-- hotkey is cleared (the code stays, chosen by click) so the form shows no key that does nothing.

UPDATE disposition_catalog SET hotkey = NULL WHERE lower(hotkey) IN ('x', 'm');
