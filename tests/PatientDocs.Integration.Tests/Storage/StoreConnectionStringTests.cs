using Npgsql;
using PatientDocs.Persistence;

namespace PatientDocs.Integration.Tests.Storage;

/// <summary>
/// The PostgreSQL connection string the store uses: no pool reset per call and automatic preparation, unless the operator
/// sets either.
/// </summary>
public sealed class StoreConnectionStringTests
{
    private static NpgsqlConnectionStringBuilder Resolved(string connectionString) =>
        new(new StoreOptions { Provider = StoreProvider.PostgreSql, ConnectionString = connectionString }.ResolveConnectionString());

    [Fact]
    public void PostgreSql_SkipsThePoolResetByDefault_AndKeepsEveryOtherSetting()
    {
        var resolved = Resolved("Host=db;Port=5433;Username=pd;Password=secret;Database=patientdocs;Maximum Pool Size=40");

        Assert.True(resolved.NoResetOnClose);
        Assert.Equal(StoreOptions.MaxAutoPrepare, resolved.MaxAutoPrepare);
        Assert.Equal(("db", 5433, "pd", "secret", "patientdocs", 40), (resolved.Host, resolved.Port, resolved.Username, resolved.Password, resolved.Database, resolved.MaxPoolSize));
    }

    [Theory]
    [InlineData("Host=db;Username=pd;Password=x;No Reset On Close=false")]
    [InlineData("Host=db;Username=pd;Password=x;NoResetOnClose=false")]
    public void PostgreSql_AnExplicitSettingWins(string connectionString) =>
        Assert.False(Resolved(connectionString).NoResetOnClose);

    [Theory]
    [InlineData("Host=db;Username=pd;Password=x;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Username=pd;Password=x;MaxAutoPrepare=20", 20)]
    public void PostgreSql_AnExplicitPreparationSettingWins(string connectionString, int expected) =>
        Assert.Equal(expected, Resolved(connectionString).MaxAutoPrepare);
}
