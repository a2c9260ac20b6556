using Dapper;
using Edge.Cloud.Alerts;
using Edge.Cloud.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Edge.Cloud.Tenancy;

namespace Edge.Cloud.Realtime;

/// <summary>
/// <c>/hubs/control-room</c>: each connection joins its municipality's group and so receives only its own events;
/// a superadmin joins the group of all municipalities. <c>WatchDevice</c> adds a device's full-rate readings. On
/// connecting (and so on every reconnect) it is sent every alert not yet resolved and every zone above normal: joined first, read second, so that
/// no change falls between the two (one may arrive twice; an alert is identified by its id).
/// </summary>
[Authorize]
internal sealed class ControlRoomHub(TenantDatabase database) : Hub<IControlRoomClient>
{
    public const string Path = "/hubs/control-room";
    public const string AllTenantsGroup = "tenants:all";

    /// <summary>The most alerts sent on connecting (newest first); a control room with more has bigger problems than a list.</summary>
    public const int CurrentAlertsLimit = 500;

    private const string RaisedZoneLevels = "SELECT zone_id, level, updated_at FROM zone_warning_states WHERE level <> 'normal' ORDER BY zone_id";

    private const string DeviceVisible = "SELECT EXISTS (SELECT 1 FROM devices WHERE id = @DeviceId)";

    public static string TenantGroup(Guid tenantId) => "tenant:" + tenantId.ToString("N");

    public static string DeviceGroup(string deviceId) => "device:" + deviceId;

    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        if (user.IsSuperadmin())
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, AllTenantsGroup);
        }
        else if (user.TenantId() is { } tenant)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, TenantGroup(tenant));
        }
        else
        {
            Context.Abort();
            return;
        }

        await base.OnConnectedAsync();
        await SendCurrentAlertsAsync();
    }

    private async Task SendCurrentAlertsAsync()
    {
        IReadOnlyList<AlertView> alerts;
        IReadOnlyList<(Guid ZoneId, string Level, DateTime UpdatedAt)> levels;
        await using (var session = await database.BeginAsync(TenantScope.From(Context.User!), Context.ConnectionAborted, "hub-current-alerts"))
        {
            alerts = await AlertQueries.UnresolvedAsync(session, CurrentAlertsLimit, Context.ConnectionAborted);
            levels = [.. await session.Connection.QueryAsync<(Guid, string, DateTime)>(new CommandDefinition(RaisedZoneLevels,
                transaction: session.Transaction, cancellationToken: Context.ConnectionAborted))];
        }

        foreach (var alert in alerts)
        {
            await Clients.Caller.alert(new LiveAlert("current", alert));
        }

        foreach (var level in levels)
        {
            await Clients.Caller.zoneLevel(new LiveZoneLevel(level.ZoneId, level.Level, level.Level, "current", new DateTimeOffset(DateTime.SpecifyKind(level.UpdatedAt, DateTimeKind.Utc))));
        }
    }

    public async Task WatchDevice(string deviceId)
    {
        await using var session = await database.BeginAsync(TenantScope.From(Context.User!), Context.ConnectionAborted, "watch-device");
        var visible = await session.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(DeviceVisible,
            new { DeviceId = deviceId }, session.Transaction, cancellationToken: Context.ConnectionAborted));
        if (!visible)
        {
            throw new HubException($"unknown device {deviceId}");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, DeviceGroup(deviceId));
    }

    public Task UnwatchDevice(string deviceId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, DeviceGroup(deviceId));
}
