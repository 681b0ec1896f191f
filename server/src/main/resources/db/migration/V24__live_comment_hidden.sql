-- A comment the chair hid (CommentHidden) is no longer shown: live's read model says so, and the
-- opinion store stops collecting it.
CREATE OR REPLACE VIEW live_comment AS
SELECT c.session_id,
       c.data->>'commentId'            AS comment_id,
       (c.data->>'accountId')::bigint  AS account_id,
       (c.data->>'venueId')::bigint    AS venue_id,
       (c.data->>'itemId')::bigint     AS item_id,
       c.data->>'text'                 AS text,
       c.at,
       NOT EXISTS (SELECT 1 FROM live_event x WHERE x.session_id = c.session_id
                     AND x.type IN ('CommentRejected', 'CommentHidden') AND x.data->>'commentId' = c.data->>'commentId')
       AND (NOT coalesce((c.data->>'held')::boolean, false)
            OR EXISTS (SELECT 1 FROM live_event x WHERE x.session_id = c.session_id AND x.type = 'CommentApproved'
                         AND x.data->>'commentId' = c.data->>'commentId')) AS shown
  FROM live_event c
 WHERE c.type = 'CommentPosted';
