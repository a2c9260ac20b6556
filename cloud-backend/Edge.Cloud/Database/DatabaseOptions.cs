using System.ComponentModel.DataAnnotations;

namespace Edge.Cloud.Database;

/// <summary>Where the cloud's PostgreSQL/PostGIS database is (section <c>Database</c>).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Npgsql connection string of the database the migrations run in and the API serves from.</summary>
    [Required]
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Apply pending migrations from <c>sql/</c> before the API serves.</summary>
    public bool MigrateOnStart { get; set; } = true;
}
