-- A prepared draw is published (its commitment) and stays until it is drawn or explicitly withdrawn;
-- a withdrawn draw stays listed with its commitment, and its seed is then published, so anyone can
-- check what it would have picked. One pending (PREPARED) draw per pool: preparing again must not
-- quietly publish a second commitment.

ALTER TABLE sortition_draw DROP CONSTRAINT sortition_draw_status_check;
ALTER TABLE sortition_draw ADD CONSTRAINT sortition_draw_status_check
  CHECK (status IN ('PREPARED', 'DRAWN', 'WITHDRAWN'));
ALTER TABLE sortition_draw
  ADD COLUMN withdrawn_at    timestamptz,
  ADD COLUMN withdrawn_by    bigint REFERENCES account(id),
  ADD COLUMN withdraw_reason text;

-- draws prepared again before this rule: the older pending ones count as withdrawn by the newer one
UPDATE sortition_draw d SET status = 'WITHDRAWN', withdrawn_at = now(), withdraw_reason = '重新准备抽选时被替换'
 WHERE d.status = 'PREPARED'
   AND EXISTS (SELECT 1 FROM sortition_draw n WHERE n.pool_id = d.pool_id AND n.status = 'PREPARED' AND n.id > d.id);

CREATE UNIQUE INDEX sortition_draw_one_pending ON sortition_draw (pool_id) WHERE status = 'PREPARED';
