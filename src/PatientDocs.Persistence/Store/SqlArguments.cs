using System.Data.Common;
using System.Globalization;
using System.Text;

namespace PatientDocs.Persistence.Store;

/// <summary>Builds provider-neutral parameters (<c>@p0</c>…) for the few statements EF cannot express (locks, ON CONFLICT).</summary>
internal sealed class SqlArguments(DbConnection connection)
{
    // A burst's commit binds hundreds of values; formatting each name anew was about 3 % of everything the server allocated.
    private static readonly string[] Names = Enumerable.Range(0, 1024).Select(i => string.Create(CultureInfo.InvariantCulture, $"@p{i}")).ToArray();

    private readonly List<object> values = [];
    private List<DbParameter>? parameters;

    // Parameters come from the provider's factory, not from a command: a command created on a connection stays in that
    // connection's list of commands until collected, and SQLite's writer connection lives as long as the store.
    private DbProviderFactory? factory;

    /// <summary>The values as new parameters, for APIs that take them (EF's raw SQL, batches).</summary>
    public IReadOnlyList<DbParameter> Parameters
    {
        get
        {
            if (parameters is null)
            {
                factory ??= DbProviderFactories.GetFactory(connection) ?? throw new InvalidOperationException("The connection has no provider factory.");
                parameters = new List<DbParameter>(values.Count);
                for (var i = 0; i < values.Count; i++)
                {
                    var parameter = factory.CreateParameter() ?? throw new InvalidOperationException("The provider creates no parameters.");
                    parameter.ParameterName = Name(i);
                    parameter.Value = values[i];
                    parameters.Add(parameter);
                }
            }

            return parameters;
        }
    }

    public string Add(object? value)
    {
        if (parameters is not null)
        {
            throw new InvalidOperationException("The parameters were already handed out.");
        }

        values.Add(value ?? DBNull.Value);
        return Name(values.Count - 1);
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

    /// <summary>
    /// Binds the values to <paramref name="command"/>. A prepared command that ran the same text before keeps its parameter
    /// objects (the text fixes their names and order), and only their values change: one object less per value.
    /// </summary>
    public void BindTo(DbCommand command)
    {
        var existing = command.Parameters;
        if (existing.Count == values.Count)
        {
            for (var i = 0; i < values.Count; i++)
            {
                existing[i].Value = values[i];
            }

            return;
        }

        existing.Clear();
        for (var i = 0; i < values.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = Name(i);
            parameter.Value = values[i];
            existing.Add(parameter);
        }
    }

    private static string Name(int index) => index < Names.Length ? Names[index] : string.Create(CultureInfo.InvariantCulture, $"@p{index}");
}
