using System.Data.Common;
using System.Text;

namespace PatientDocs.Persistence.Store;

/// <summary>Builds provider-neutral parameters (<c>@p0</c>…) for the few statements EF cannot express (locks, ON CONFLICT).</summary>
internal sealed class SqlArguments(DbConnection connection)
{
    private readonly List<DbParameter> parameters = [];

    // Only a factory for parameters: one command serves them all.
    private DbCommand? factory;

    public IReadOnlyList<DbParameter> Parameters => parameters;

    public string Add(object? value)
    {
        factory ??= connection.CreateCommand();
        var parameter = factory.CreateParameter();
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
