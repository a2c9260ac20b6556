-- What a gateway tells its devices and checks about them (GET /api/v1/gateways/{id}/config, CONTRACTS section 4):
-- the numbers a GSM device sends its SMS from (the gateway refuses an SMS from any other number) and the report
-- interval published to MQTT devices as their retained config. devices keeps its row-level security.
ALTER TABLE devices
    ADD COLUMN sms_numbers        text[] NOT NULL DEFAULT '{}'
        CHECK (array_to_string(sms_numbers, ' ') ~ '^(\+[1-9][0-9]{6,14}( |$))*$'), -- E.164 each
    ADD COLUMN report_interval_s  integer CHECK (report_interval_s BETWEEN 1 AND 86400);
