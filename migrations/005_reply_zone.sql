-- complaint schema, version 5: the office time zone a complaint's reply clock was counted in, fixed
-- at intake (and at a reopening) with the other rules then in force (reply days, closing time). A
-- calendar change counts an unanswered deadline again in that zone, whatever `config timezone` says
-- now. Complaints logged before this version take the office's zone as it is set today.
ALTER TABLE complaints ADD COLUMN reply_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai';
UPDATE complaints SET reply_zone = coalesce((SELECT value FROM settings WHERE key = 'timezone'), 'Asia/Shanghai');
