using System.Net;
using System.Net.Sockets;

namespace PatientDocs.Testing;

/// <summary>A loopback port the OS has just handed out and released, for a server the test starts next.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
