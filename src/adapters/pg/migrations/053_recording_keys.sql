-- The desktop now takes E (start, pause or resume the recording) and Q (stop it) for its own
-- buttons, which win over a disposition code's hotkey: a code that had one of them could no longer
-- be chosen by key. Its hotkey is cleared (the code stays, chosen by click), as for X, M and V.

UPDATE disposition_catalog SET hotkey = NULL WHERE lower(hotkey) IN ('e', 'q');
