using Edge.Testing;

namespace Edge.Cloud.Tests;

/// <summary>One throwaway PostgreSQL cluster for the cloud's tests; each test class makes its own database in it.</summary>
[CollectionDefinition(Name)]
public sealed class CloudDatabaseCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "cloud database";
}
