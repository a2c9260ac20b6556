-- The alert engine (issue 7): edge-raised and cloud-raised alarm transitions become rows of `alerts`, one active alert
-- per device and rule whichever side raised it, every step an alert_events row. The engine is one function, run in
-- the ingest transaction (edge alerts) or right after it (the cloud's own rule evaluation), confined like every
-- other statement by row-level security to the transaction's municipality.
--
-- An alert is active while its condition holds (cleared_at NULL) and no person resolved it. A transition for a device
-- and rule updates the active alert; a raise when there is none opens a new one; a clear sets cleared_at and, for a
-- maintenance alert (battery, radio, silence) or when the caller asks for it, resolves it as 'system'.

ALTER TABLE alerts ADD COLUMN category text NOT NULL DEFAULT 'hazard' CHECK (category IN ('hazard', 'maintenance'));
ALTER TABLE alerts ADD COLUMN assignee text;
ALTER TABLE alerts ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
-- Escalation (Notifications/EscalationJob): the contact tier last notified, and when the next one is due unless
-- someone acknowledges first (NULL: nothing further is due). A critical hazard alert makes tier 1 due at once.
ALTER TABLE alerts ADD COLUMN escalation_tier integer NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN next_escalation_at timestamptz;

CREATE UNIQUE INDEX alerts_one_active ON alerts (tenant_id, device_id, rule)
    WHERE device_id IS NOT NULL AND cleared_at IS NULL AND status <> 'resolved';
CREATE INDEX alerts_escalation_due ON alerts (next_escalation_at) WHERE next_escalation_at IS NOT NULL;

ALTER TABLE alert_events DROP CONSTRAINT alert_events_event_check;
ALTER TABLE alert_events ADD CONSTRAINT alert_events_event_check CHECK (event IN (
    'raised', 'updated', 'escalated', 'cleared', 'acknowledged', 'resolved', 'commented', 'assigned', 'notified'));

-- Applies alarm transitions in measurement-time order. Arguments are parallel arrays (one element per transition);
-- state is 'raised' (a new alarm or a change of severity) or 'cleared'. Returns every alert that changed, with what
-- happened to it ('raised', 'updated', 'cleared', 'resolved'), for the live feed.
CREATE FUNCTION apply_alert_transitions(
    p_device_ids text[], p_rules text[], p_metrics text[], p_severities text[], p_states text[], p_values float8[],
    p_thresholds float8[], p_ts timestamptz[], p_origins text[], p_edge_alert_ids text[], p_rule_ids uuid[],
    p_rule_versions integer[], p_categories text[], p_now timestamptz, p_auto_resolve_hazards boolean)
RETURNS TABLE (alert_id uuid, change text)
LANGUAGE plpgsql AS $$
DECLARE
    t record;
    active alerts%ROWTYPE;
    new_id uuid;
    tenant uuid;
BEGIN
    FOR t IN
        SELECT x.* FROM unnest(p_device_ids, p_rules, p_metrics, p_severities, p_states, p_values, p_thresholds, p_ts, p_origins,
                               p_edge_alert_ids, p_rule_ids, p_rule_versions, p_categories)
            WITH ORDINALITY AS x(device_id, rule, metric, severity, state, value, threshold, ts, origin, edge_alert_id, rule_id,
                                 rule_version, category, n)
        ORDER BY x.ts, x.n
    LOOP
        SELECT tenant_id INTO tenant FROM devices WHERE id = t.device_id;
        IF tenant IS NULL THEN
            CONTINUE; -- not this municipality's device: row-level security hides it, and so does the engine
        END IF;

        SELECT * INTO active FROM alerts a
        WHERE a.tenant_id = tenant AND a.device_id = t.device_id AND a.rule = t.rule AND a.cleared_at IS NULL AND a.status <> 'resolved'
        FOR UPDATE;

        IF t.state = 'raised' THEN
            IF active.id IS NULL THEN
                INSERT INTO alerts (tenant_id, device_id, origin, edge_alert_id, rule_id, rule_version, rule, metric, severity, value,
                                    threshold, raised_at, category, updated_at, next_escalation_at)
                VALUES (tenant, t.device_id, t.origin, t.edge_alert_id, t.rule_id, t.rule_version, t.rule, t.metric, t.severity,
                        t.value, t.threshold, t.ts, t.category, p_now,
                        CASE WHEN t.severity = 'critical' AND t.category = 'hazard' THEN p_now ELSE NULL END)
                RETURNING id INTO new_id;
                INSERT INTO alert_events (alert_id, tenant_id, event, actor, details)
                VALUES (new_id, tenant, 'raised', 'system', jsonb_build_object('origin', t.origin, 'severity', t.severity, 'value', t.value,
                        'threshold', t.threshold, 'ts', t.ts, 'edgeAlertId', t.edge_alert_id));
                alert_id := new_id; change := 'raised';
                RETURN NEXT;
            ELSIF t.ts >= active.raised_at THEN
                UPDATE alerts SET severity = t.severity, value = t.value, threshold = t.threshold, updated_at = p_now,
                                  rule_id = COALESCE(t.rule_id, rule_id), rule_version = COALESCE(t.rule_version, rule_version),
                                  -- becoming critical starts the escalation chain, unless someone already acknowledged
                                  next_escalation_at = CASE
                                      WHEN t.severity = 'critical' AND active.severity <> 'critical' AND status = 'open' AND category = 'hazard'
                                      THEN p_now ELSE next_escalation_at END
                WHERE id = active.id;
                IF t.severity <> active.severity OR t.value IS DISTINCT FROM active.value THEN
                    INSERT INTO alert_events (alert_id, tenant_id, event, actor, details)
                    VALUES (active.id, tenant, 'updated', 'system', jsonb_build_object('origin', t.origin, 'severity', t.severity,
                            'previousSeverity', active.severity, 'value', t.value, 'threshold', t.threshold, 'ts', t.ts,
                            'edgeAlertId', t.edge_alert_id));
                    alert_id := active.id; change := 'updated';
                    RETURN NEXT;
                END IF;
            END IF;
        ELSIF active.id IS NOT NULL AND t.ts >= active.raised_at THEN
            UPDATE alerts SET cleared_at = t.ts, updated_at = p_now, next_escalation_at = NULL WHERE id = active.id;
            INSERT INTO alert_events (alert_id, tenant_id, event, actor, details)
            VALUES (active.id, tenant, 'cleared', 'system', jsonb_build_object('origin', t.origin, 'value', t.value, 'threshold', t.threshold,
                    'ts', t.ts, 'edgeAlertId', t.edge_alert_id));
            IF active.category = 'maintenance' OR p_auto_resolve_hazards THEN
                UPDATE alerts SET status = 'resolved', resolved_at = p_now, resolved_by = 'system' WHERE id = active.id;
                INSERT INTO alert_events (alert_id, tenant_id, event, actor, comment)
                VALUES (active.id, tenant, 'resolved', 'system', 'resolved automatically: the condition cleared');
                alert_id := active.id; change := 'resolved';
            ELSE
                alert_id := active.id; change := 'cleared';
            END IF;
            RETURN NEXT;
        END IF;
    END LOOP;
END
$$;

GRANT EXECUTE ON FUNCTION apply_alert_transitions(text[], text[], text[], text[], text[], float8[], float8[], timestamptz[], text[],
    text[], uuid[], integer[], text[], timestamptz, boolean) TO edge_app;
GRANT UPDATE ON alerts TO edge_app;
