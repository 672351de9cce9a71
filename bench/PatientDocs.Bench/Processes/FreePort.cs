using System.Net;
using System.Net.Sockets;

namespace PatientDocs.Bench.Processes;

public static class FreePort
{
    /// <summary>A port the OS just handed out on 127.0.0.1; free again once the listener stops.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
