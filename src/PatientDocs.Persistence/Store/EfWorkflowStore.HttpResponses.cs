using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PatientDocs.Engine.Activities;
using PatientDocs.Persistence.Schema;

namespace PatientDocs.Persistence.Store;

public sealed partial class EfWorkflowStore
{
    public Task<HttpResponseData?> FindHttpResponseAsync(string instanceId, CancellationToken cancellationToken = default) =>
        ReadAsync(async db =>
        {
            var row = await db.HttpResponses.AsNoTracking().FirstOrDefaultAsync(x => x.InstanceId == instanceId, cancellationToken);
            return row is null
                ? null
                : new HttpResponseData(row.StatusCode, row.Content, row.ContentType, JsonSerializer.Deserialize<Dictionary<string, string[]>>(row.Headers) ?? []);
        }, cancellationToken);

    // The first response stays: a later WriteHttpResponse of the same instance has no request left to answer.
    private static async Task InsertHttpResponseAsync(PatientDocsDbContext db, string instanceId, HttpResponseData response, DateTimeOffset writtenAt, CancellationToken cancellationToken)
    {
        var args = new SqlArguments(db.Database.GetDbConnection());
        var sql = "INSERT INTO http_responses (instance_id, status_code, content, content_type, headers, written_at) VALUES (" +
            $"{args.Add(instanceId)}, {args.Add(response.StatusCode)}, {args.Add(response.Content)}, {args.Add(response.ContentType)}, " +
            $"{args.Add(JsonSerializer.Serialize(response.Headers))}, {args.Add(Ms(writtenAt))}) ON CONFLICT (instance_id) DO NOTHING";
        await RawSql.ExecuteAsync(db, sql, args, cancellationToken);
    }
}
