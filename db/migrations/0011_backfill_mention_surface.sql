-- Tags placed before `surface` existed: the text their span covers now (offsets are UTF-16 code
-- units, substr counts code points; they agree for the Arabic and Latin text of these archives).
UPDATE "mentions" m
SET "surface" = substr(CASE m."field" WHEN 'text' THEN s."text" ELSE s."translation" END, m."start_offset" + 1, m."end_offset" - m."start_offset")
FROM "segments" s
WHERE s."id" = m."segment_id" AND m."surface" = '';
