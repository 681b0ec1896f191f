-- Live's read model: what other capabilities (the opinion store, the ledger) may read of a session,
-- as views over live's own event log and votes. Only live reads live_event and live_vote; the JSON
-- field names of live/Event.java are spelled here and nowhere else (LiveReadModelTest keeps them true).

-- Every floor granted: a member's speech (kind SPEECH) or an official's answer to one (kind ANSWER),
-- with the latest summary written for it.
CREATE VIEW live_speech AS
SELECT g.session_id,
       g.data->>'speechId'                 AS speech_id,
       (g.data->>'accountId')::bigint      AS account_id,
       (g.data->>'venueId')::bigint        AS venue_id,
       (g.data->>'itemId')::bigint         AS item_id,
       coalesce(g.data->>'kind', 'SPEECH') AS kind,
       g.data->>'answersSpeechId'          AS answers_speech_id,
       g.at                                AS granted_at,
       s.text                              AS summary
  FROM live_event g
  LEFT JOIN LATERAL (
    SELECT x.data->>'text' AS text FROM live_event x
     WHERE x.session_id = g.session_id AND x.type = 'SpeechSummarized' AND x.data->>'speechId' = g.data->>'speechId'
     ORDER BY x.seq DESC LIMIT 1) s ON true
 WHERE g.type = 'FloorGranted';

-- Comments, with whether everyone may read them (not rejected; not held, or approved since).
CREATE VIEW live_comment AS
SELECT c.session_id,
       c.data->>'commentId'            AS comment_id,
       (c.data->>'accountId')::bigint  AS account_id,
       (c.data->>'venueId')::bigint    AS venue_id,
       (c.data->>'itemId')::bigint     AS item_id,
       c.data->>'text'                 AS text,
       c.at,
       NOT EXISTS (SELECT 1 FROM live_event x WHERE x.session_id = c.session_id AND x.type = 'CommentRejected'
                     AND x.data->>'commentId' = c.data->>'commentId')
       AND (NOT coalesce((c.data->>'held')::boolean, false)
            OR EXISTS (SELECT 1 FROM live_event x WHERE x.session_id = c.session_id AND x.type = 'CommentApproved'
                         AND x.data->>'commentId' = c.data->>'commentId')) AS shown
  FROM live_event c
 WHERE c.type = 'CommentPosted';

-- Commitments (承诺事项) marked on an official's answer, with the speech that answer replied to.
CREATE VIEW live_commitment AS
SELECT m.session_id,
       m.data->>'commitmentId'           AS commitment_id,
       m.data->>'speechId'               AS speech_id,
       (m.data->>'officialId')::bigint   AS official_id,
       m.data->>'text'                   AS text,
       m.at,
       (SELECT g.data->>'answersSpeechId' FROM live_event g
         WHERE g.session_id = m.session_id AND g.type = 'FloorGranted' AND g.data->>'speechId' = m.data->>'speechId'
         LIMIT 1)                        AS answers_speech_id
  FROM live_event m
 WHERE m.type = 'CommitmentMarked';

-- Closed polls with their result: votes per option (in the order of the options) and voters.
CREATE VIEW live_poll_result AS
SELECT o.session_id,
       o.data->>'pollId'  AS poll_id,
       o.data->>'question' AS question,
       o.actor_id         AS opened_by,
       c.at               AS closed_at,
       ARRAY(SELECT opt.value FROM jsonb_array_elements_text(o.data->'options') WITH ORDINALITY AS opt(value, n)
              ORDER BY opt.n) AS options,
       ARRAY(SELECT (SELECT count(*) FROM live_vote v WHERE v.session_id = o.session_id AND v.poll_id = o.data->>'pollId'
                        AND (opt.n - 1)::int = ANY (v.choices))::int
               FROM jsonb_array_elements_text(o.data->'options') WITH ORDINALITY AS opt(value, n) ORDER BY opt.n) AS votes,
       (SELECT count(*) FROM live_vote v WHERE v.session_id = o.session_id AND v.poll_id = o.data->>'pollId')::int AS voters
  FROM live_event o
  JOIN live_event c ON c.session_id = o.session_id AND c.type = 'PollClosed' AND c.data->>'pollId' = o.data->>'pollId'
 WHERE o.type = 'PollOpened';
