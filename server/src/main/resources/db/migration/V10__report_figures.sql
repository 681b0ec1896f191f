-- The figures a report's charts are drawn from (opinions by venue or county and by sector, the opinion
-- map's points), fixed when the report is drafted; the text is edited, the figures are not.
ALTER TABLE report ADD COLUMN figures jsonb NOT NULL DEFAULT '{}';
