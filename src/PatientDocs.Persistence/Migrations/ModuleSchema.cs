using System.Reflection;
using System.Text.RegularExpressions;

namespace PatientDocs.Persistence.Migrations;

/// <summary>
/// A module's own tables: SQL scripts embedded in <paramref name="Assembly"/> as <c>Migrations/{Sqlite|Postgres}/NNNN_name.sql</c>,
/// applied after the engine's in the same transaction and recorded in their own table, <c>schema_version_{Name}</c>.
/// </summary>
public sealed partial record ModuleSchema(string Name, Assembly Assembly)
{
    public string VersionTable => ValidName().IsMatch(Name)
        ? "schema_version_" + Name
        : throw new InvalidOperationException($"Module schema name '{Name}' must be lower-case letters, digits and underscores.");

    [GeneratedRegex("^[a-z][a-z0-9_]{0,40}$")]
    private static partial Regex ValidName();
}
