using System.Security.Cryptography;
using Npgsql;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Deployment;

/// <summary>
/// docker-compose.yml's services started the way compose starts them, as processes on this machine: each service's
/// environment and command line as the file gives them, in the order its <c>depends_on</c> conditions set, each health
/// condition checked with the service's own <c>healthcheck</c> command. Only what a container has and this machine does not
/// is swapped, always the same way: a service's <c>host:port</c> becomes <c>127.0.0.1:&lt;free port&gt;</c>, PostgreSQL is a
/// fresh database of PATIENTDOCS_TEST_POSTGRES, volumes are folders of one temporary root, nginx is Debian's.
/// </summary>
public sealed class ComposeStack : IAsyncLifetime
{
    public const string TimeScale = "600";

    private static readonly string Root = ComposeFile.RepositoryRoot();
    private readonly List<IAsyncDisposable> _processes = [];
    private readonly Dictionary<string, int> _ports = new(StringComparer.Ordinal);
    private static readonly string[] NginxPaths = ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"];
    private static readonly string[] LocalPorts = ["simulators:5100", "server-1:8080", "server-2:8080", "nginx:8080", "otel-lgtm:4317"];
    private string? _volumes;
    private string? _admin;
    private string? _database;

    public IReadOnlyDictionary<string, ComposeService> Services { get; private set; } = new Dictionary<string, ComposeService>();

    public string ApiKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public string ConnectionString { get; private set; } = "";

    public Uri ProxyAddress => new($"http://127.0.0.1:{_ports["nginx:8080"]}");

    public ChildProcess Nginx { get; private set; } = null!;

    public AppProcess ServerOne { get; private set; } = null!;

    public AppProcess ServerTwo { get; private set; } = null!;

    public int PortOf(string service, int containerPort) => _ports[$"{service}:{containerPort}"];

    public static string? FindNginx() =>
        NginxPaths.FirstOrDefault(File.Exists);

    public HttpClient CreateProxyClient()
    {
        var client = new HttpClient { BaseAddress = ProxyAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    public string Logs()
    {
        static string Tail(string text) => text.Length <= 6000 ? text : text[^6000..];
        return $"--- nginx ---\n{Tail(Nginx?.Output ?? "")}\n--- server-1 ---\n{Tail(ServerOne?.Output ?? "")}\n--- server-2 ---\n{Tail(ServerTwo?.Output ?? "")}";
    }

    public async Task InitializeAsync()
    {
        _admin = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable);
        if (string.IsNullOrWhiteSpace(_admin) || FindNginx() is null)
        {
            // ComposeStackFact skips the tests (or, under CI, they fail on the missing stack).
            return;
        }

        Services = ComposeFile.Load(ComposeFile.DefaultPath, ComposeFile.ExampleVariables(
            new Dictionary<string, string> { ["PATIENTDOCS_API_KEY"] = ApiKey, ["PATIENTDOCS_TIME_SCALE"] = TimeScale }));
        _volumes = Directory.CreateTempSubdirectory("pd-compose-").FullName;
        foreach (var key in LocalPorts)
        {
            _ports[key] = FreePort.Next();
        }

        _database = $"pd_compose_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(_admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        // The compose file names its database by host, port and name; only those change.
        var compose = new NpgsqlConnectionStringBuilder(Services["server-1"].Environment["PatientDocs__Store__ConnectionString"]);
        var admin = new NpgsqlConnectionStringBuilder(_admin);
        compose.Host = admin.Host;
        compose.Port = admin.Port;
        compose.Database = _database;
        compose.Username = admin.Username;
        compose.Password = admin.Password;
        ConnectionString = compose.ConnectionString;

        // depends_on order: postgres (healthy) -> migrate (completed) and simulators (healthy) -> server-1/2 (healthy) -> nginx.
        await RunToCompletionAsync("migrate");
        var simulators = await StartAppAsync("simulators", "PatientDocs.Simulators", "/sim/task-tracker/stats");
        await WaitHealthyAsync("simulators", () => simulators.HasExited ? "exited:\n" + simulators.OutputTail : null);
        ServerOne = await StartAppAsync("server-1", "PatientDocs.Server", "/health");
        ServerTwo = await StartAppAsync("server-2", "PatientDocs.Server", "/health");
        await WaitHealthyAsync("server-1", () => ServerOne.HasExited ? "exited:\n" + ServerOne.OutputTail : null);
        await WaitHealthyAsync("server-2", () => ServerTwo.HasExited ? "exited:\n" + ServerTwo.OutputTail : null);
        Nginx = StartNginx();
        await WaitHealthyAsync("nginx", () => Nginx.HasExited ? "nginx exited:\n" + Nginx.Output : null);
    }

    public async Task DisposeAsync()
    {
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await _processes[i].DisposeAsync();
        }

        if (_admin is not null && _database is not null)
        {
            await PostgresCleanup.DropDatabaseAsync(_admin, _database, _ => { });
        }

        if (_volumes is not null)
        {
            try
            {
                Directory.Delete(_volumes, recursive: true);
            }
            catch (IOException)
            {
                // A process that was just stopped may still hold a file; the system cleans its temp folder later anyway.
            }
        }
    }

    /// <summary>A value of the compose file as it is outside a container: service addresses, volumes and paths swapped.</summary>
    public string Localize(string value)
    {
        foreach (var (service, port) in _ports)
        {
            value = value.Replace(service, $"127.0.0.1:{port}", StringComparison.Ordinal);
        }

        return value;
    }

    private Dictionary<string, string> LocalEnvironment(string service, int? ownPort)
    {
        var local = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Services[service].Environment)
        {
            local[key] = Localize(value);
        }

        if (ownPort is int port)
        {
            local["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        }

        if (local.ContainsKey("PatientDocs__Store__ConnectionString"))
        {
            local["PatientDocs__Store__ConnectionString"] = ConnectionString;
        }

        // The service's volumes: /data per node and /documents shared, as the compose file mounts them.
        foreach (var volume in Services[service].Volumes)
        {
            var parts = volume.Split(':');
            var folder = Directory.CreateDirectory(Path.Combine(_volumes!, parts[0].Trim('.', '/').Replace('/', '_'))).FullName;
            foreach (var key in local.Keys.ToList())
            {
                if (local[key] == parts[1])
                {
                    local[key] = folder;
                }
            }
        }

        if (local.TryGetValue("PatientDocs__WorkflowsFolder", out var workflows) && workflows == "/app/workflows")
        {
            local["PatientDocs__WorkflowsFolder"] = Path.Combine(Root, "workflows");
        }

        return local;
    }

    private async Task RunToCompletionAsync(string service)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "PatientDocs.Server.dll");
        var environment = LocalEnvironment(service, null);
        environment["PatientDocs__DataFolder"] = Directory.CreateDirectory(Path.Combine(_volumes!, service + "-data")).FullName;
        await using var process = ChildProcess.Start("dotnet", [dll, .. Services[service].Command], Path.GetTempPath(), environment);
        var exit = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        if (exit != 0)
        {
            throw new InvalidOperationException($"{service} exited with {exit}; servers depend on its successful completion:\n{process.Output}");
        }
    }

    private async Task<AppProcess> StartAppAsync(string service, string assembly, string readyPath)
    {
        var port = _ports[$"{service}:{(service == "simulators" ? 5100 : 8080)}"];
        var environment = LocalEnvironment(service, port);
        var app = await AppProcess.StartAsync(assembly, readyPath, [], port, environment, hostEnvironment: environment.GetValueOrDefault("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } named ? named : "Production");
        _processes.Add(app);
        return app;
    }

    private ChildProcess StartNginx()
    {
        var prefix = Directory.CreateDirectory(Path.Combine(_volumes!, "nginx")).FullName;
        var source = Services["nginx"].Volumes.Single(v => v.EndsWith(":/etc/nginx/nginx.conf:ro", StringComparison.Ordinal)).Split(':')[0];
        var config = Localize(File.ReadAllText(Path.Combine(Root, source)))
            .Replace("listen 8080;", $"listen 127.0.0.1:{_ports["nginx:8080"]};", StringComparison.Ordinal);
        var configPath = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(configPath, config);
        var nginx = ChildProcess.Start(FindNginx()!, ["-p", prefix + "/", "-c", configPath, "-g", $"daemon off; pid {prefix}/nginx.pid; error_log stderr notice;"], prefix);
        _processes.Add(nginx);
        return nginx;
    }

    /// <summary>Runs the service's own <c>healthcheck</c> test (localized) until it succeeds, as compose's service_healthy does.</summary>
    private async Task WaitHealthyAsync(string service, Func<string?> failed)
    {
        var test = Services[service].HealthCheck;
        if (test.Count < 2 || test[0] != "CMD")
        {
            throw new InvalidOperationException($"{service}'s healthcheck is not an exec-form CMD: {string.Join(' ', test)}");
        }

        // Files the images copy to /app run from the repository (deploy/healthcheck.sh is COPY'd to /app/healthcheck.sh).
        var program = test[1] == "/app/healthcheck.sh" ? Path.Combine(Root, "deploy", "healthcheck.sh") : test[1];
        // Inside its container a service's health check reaches the service itself on loopback, at its container port.
        var own = _ports.Where(p => p.Key.StartsWith(service + ":", StringComparison.Ordinal)).ToList();
        var arguments = test.Skip(2)
            .Select(a => own.Aggregate(a, (text, p) => text.Replace($"127.0.0.1:{p.Key[(service.Length + 1)..]}/", $"127.0.0.1:{p.Value}/", StringComparison.Ordinal)))
            .Select(Localize)
            .ToList();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (true)
        {
            await using (var check = ChildProcess.Start(program, arguments, Path.GetTempPath()))
            {
                if (await check.WaitForExitAsync(TimeSpan.FromSeconds(10)) == 0)
                {
                    return;
                }

                if (failed() is not null || deadline.IsCancellationRequested)
                {
                    throw new InvalidOperationException($"{service} never became healthy ({program} {string.Join(' ', arguments)}): {check.Output}\n{failed()}");
                }
            }

            await timer.WaitForNextTickAsync();
        }
    }
}
