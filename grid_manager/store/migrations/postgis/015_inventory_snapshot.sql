-- A survey compared with the inventory, then a planner's hand edit, then the survey applied: the run's
-- version check (GM010) sees only runs, and a hand edit is no run (issue 14) — the survey would overwrite
-- the edit it never saw.  Every history row now records the transaction that wrote it; the store reads the
-- inventory in one snapshot and, when the run begins, refuses it (GM035) if a hand edit committed outside
-- that snapshot (the planner, the part and when are named).  The GeoPackage store counts its hand edits as
-- edit runs, so GM010 already covers it there.
ALTER TABLE gm.part_history ADD COLUMN tx xid8 NOT NULL DEFAULT pg_catalog.pg_current_xact_id();
CREATE INDEX part_history_hand_edits_idx ON gm.part_history (id) WHERE run_id IS NULL;
