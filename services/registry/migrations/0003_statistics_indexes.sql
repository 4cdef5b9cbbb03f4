-- Statistics read a subtree: lead with the unit so that a district's query
-- reads that district's rows, not the province's (measured with
-- scripts/bench.sh and EXPLAIN: the "active on day D" query went from a full
-- scan of cooperative_periods to an index range per unit).
CREATE INDEX ix_cooperative_periods_unit_status ON cooperative_periods (org_unit_id, status, valid_from);
CREATE INDEX ix_cooperative_events_unit_type_date ON cooperative_events (org_unit_id, event_type, effective_date);
