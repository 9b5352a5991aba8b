-- The complaints with a clock running (awaiting a reply, or escalated) by the month received: a
-- report on a past period reads those received by its end, not every one still open since (on the
-- company bench database, 142 of 613 for 2021). Partial: only open complaints are in it.
CREATE INDEX complaints_open_month ON complaints (status, received_month) WHERE status IN ('received', 'escalated');
