using Npgsql;
using PatientDocs.Bench.Options;

namespace PatientDocs.Bench.Runs;

/// <summary>A fresh database per scenario: a SQLite file in the data folder, or a new PostgreSQL database dropped afterwards.</summary>
public sealed class BenchDatabase
{
    private readonly string? _adminConnectionString;
    private readonly string? _databaseName;
    private readonly string _dataFolder;

    private BenchDatabase(string provider, string connectionString, string dataFolder, string? adminConnectionString, string? databaseName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _dataFolder = dataFolder;
        _adminConnectionString = adminConnectionString;
        _databaseName = databaseName;
    }

    /// <summary>The server's PatientDocs:Store:Provider value.</summary>
    public string Provider { get; }

    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(BenchOptions options, string scenario, string dataFolder, CancellationToken cancellationToken)
    {
        if (options.Store == StoreKind.Sqlite)
        {
            return new BenchDatabase("Sqlite", $"Data Source={Path.Combine(dataFolder, "patientdocs.db")}", dataFolder, null, null);
        }

        if (options.Store == StoreKind.Memory)
        {
            return new BenchDatabase("InMemory", "", dataFolder, null, null);
        }

        var name = $"pdbench_{DateTime.UtcNow:yyyyMMdd_HHmmss}_{scenario.Replace('-', '_')}";
        var admin = options.PostgresConnectionString!;
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new BenchDatabase("PostgreSql", builder.ConnectionString, dataFolder, admin, name);
    }

    public async Task<long> SizeBytesAsync(CancellationToken cancellationToken)
    {
        if (_databaseName is null)
        {
            return Directory.EnumerateFiles(_dataFolder, "patientdocs.db*").Sum(f => new FileInfo(f).Length);
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task DropAsync(CancellationToken cancellationToken)
    {
        if (_databaseName is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
