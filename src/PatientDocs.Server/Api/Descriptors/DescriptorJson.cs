using System.Text.Json;
using System.Text.Json.Serialization;

namespace PatientDocs.Server.Api.Descriptors;

/// <summary>Studio matches names case-sensitively and reads enums as strings, whatever the host's JSON defaults are.</summary>
public static class DescriptorJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
