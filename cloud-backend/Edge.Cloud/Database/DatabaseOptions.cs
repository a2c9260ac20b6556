using System.ComponentModel.DataAnnotations;

namespace Edge.Cloud.Database;

/// <summary>Where the cloud's PostgreSQL/PostGIS database is (section <c>Database</c>).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>
    /// Npgsql connection string the API serves with: as the role <c>edge_app</c>, which row-level security confines to
    /// one municipality per transaction (it must not be a superuser, the tables' owner, or have BYPASSRLS).
    /// </summary>
    [Required]
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Connection string of the tables' owner, for the migrations (and the development seed). It creates the role
    /// <c>edge_app</c> if it has the right to. Empty: <see cref="ConnectionString"/> (then the migrations must already have run).
    /// </summary>
    public string MigrationConnectionString { get; set; } = string.Empty;

    /// <summary>Apply pending migrations from <c>sql/</c> before the API serves.</summary>
    public bool MigrateOnStart { get; set; } = true;
}
