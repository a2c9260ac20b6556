using Edge.Testing;

namespace Edge.EndToEnd.Tests.Platform;

/// <summary>Waits for a started service's health endpoint to answer.</summary>
internal static class Health
{
    public static async Task WaitAsync(ExternalProcess process, Uri health)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Environment.TickCount64 + 60_000;
        while (Environment.TickCount64 < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited with {process.ExitCode}:\n{process.Output}");
            }

            try
            {
                if ((await http.GetAsync(health)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{process.Name} not healthy at {health} within 60 s:\n{process.Output}");
    }
}
