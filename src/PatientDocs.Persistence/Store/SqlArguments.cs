using System.Data.Common;
using System.Text;

namespace PatientDocs.Persistence.Store;

/// <summary>Builds provider-neutral parameters (<c>@p0</c>…) for the few statements EF cannot express (locks, ON CONFLICT).</summary>
internal sealed class SqlArguments(DbConnection connection)
{
    private readonly List<DbParameter> parameters = [];

    // Parameters come from the provider's factory, not from a command: a command created on a connection stays in that
    // connection's list of commands until collected, and SQLite's writer connection lives as long as the store.
    private DbProviderFactory? factory;

    public IReadOnlyList<DbParameter> Parameters => parameters;

    public string Add(object? value)
    {
        factory ??= DbProviderFactories.GetFactory(connection) ?? throw new InvalidOperationException("The connection has no provider factory.");
        var parameter = factory.CreateParameter() ?? throw new InvalidOperationException("The provider creates no parameters.");
        parameter.ParameterName = $"@p{parameters.Count}";
        parameter.Value = value ?? DBNull.Value;
        parameters.Add(parameter);
        return parameter.ParameterName;
    }

    public string AddList(IEnumerable<object> values)
    {
        var builder = new StringBuilder();
        foreach (var value in values)
        {
            if (builder.Length > 0)
            {
                builder.Append(", ");
            }

            builder.Append(Add(value));
        }

        return builder.ToString();
    }
}
