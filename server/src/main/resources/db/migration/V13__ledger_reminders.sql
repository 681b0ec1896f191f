-- Reminders of the adoption ledger: the last one sent for an entry (SOON: due within three days;
-- OVERDUE: past its due date without a final answer), so that each is sent once.
ALTER TABLE ledger_entry ADD COLUMN reminded text CHECK (reminded IN ('SOON', 'OVERDUE'));
