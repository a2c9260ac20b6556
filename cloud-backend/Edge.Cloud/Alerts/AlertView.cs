namespace Edge.Cloud.Alerts;

/// <summary>An alert as the API and the live feed show it (camelCase JSON; times UTC); rows of <see cref="AlertQueries"/>.</summary>
public sealed class AlertView
{
    public Guid Id { get; init; }

    public Guid Municipality { get; init; }

    public string? DeviceId { get; init; }

    public Guid? ZoneId { get; init; }

    /// <summary><c>edge</c>, <c>cloud</c> or <c>risk</c>: who raised it first.</summary>
    public string Origin { get; init; } = string.Empty;

    /// <summary><c>hazard</c> or <c>maintenance</c>.</summary>
    public string Category { get; init; } = string.Empty;

    public string Rule { get; init; } = string.Empty;

    public Guid? RuleId { get; init; }

    public int? RuleVersion { get; init; }

    public string? Metric { get; init; }

    public string Severity { get; init; } = string.Empty;

    /// <summary><c>open</c>, <c>acknowledged</c> or <c>resolved</c>.</summary>
    public string Status { get; init; } = string.Empty;

    public double? Value { get; init; }

    public double? Threshold { get; init; }

    public DateTime RaisedAt { get; init; }

    /// <summary>When the condition itself ended (measurement time); null while it holds.</summary>
    public DateTime? ClearedAt { get; init; }

    public DateTime? AcknowledgedAt { get; init; }

    public string? AcknowledgedBy { get; init; }

    public DateTime? ResolvedAt { get; init; }

    public string? ResolvedBy { get; init; }

    public string? Assignee { get; init; }

    /// <summary>The contact tier notified last (0: none yet).</summary>
    public int EscalationTier { get; init; }

    public DateTime UpdatedAt { get; init; }
}

/// <summary>One step of an alert's history.</summary>
public sealed class AlertEventView
{
    public long Id { get; init; }

    public string Event { get; init; } = string.Empty;

    /// <summary>A person's email, or <c>system</c>.</summary>
    public string Actor { get; init; } = string.Empty;

    public string? Comment { get; init; }

    public System.Text.Json.JsonElement? Details { get; init; }

    public DateTime At { get; init; }
}

/// <summary>A message about an alert and its delivery status (<c>pending</c>, <c>sent</c>, <c>failed</c>).</summary>
public sealed class AlertNotificationView
{
    public long Id { get; init; }

    public int Tier { get; init; }

    public string Channel { get; init; } = string.Empty;

    public string Address { get; init; } = string.Empty;

    public string Status { get; init; } = string.Empty;

    public int Attempts { get; init; }

    public string? LastError { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? SentAt { get; init; }
}
