using Microsoft.Extensions.Options;
using Npgsql;

namespace Edge.Cloud.Database;

/// <summary>
/// The owner's connection to the database, for what must happen outside any municipality: migrations and the
/// development seed. Nothing that serves a request uses it.
/// </summary>
internal sealed class DatabaseAdministration(IOptions<DatabaseOptions> options, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private readonly Lazy<NpgsqlDataSource> _dataSource = new(() =>
    {
        var settings = options.Value;
        var connectionString = string.IsNullOrEmpty(settings.MigrationConnectionString) ? settings.ConnectionString : settings.MigrationConnectionString;
        return new NpgsqlDataSourceBuilder(connectionString).UseLoggerFactory(loggerFactory).Build();
    });

    public NpgsqlDataSource DataSource => _dataSource.Value;

    public async ValueTask DisposeAsync()
    {
        if (_dataSource.IsValueCreated)
        {
            await _dataSource.Value.DisposeAsync();
        }
    }
}
