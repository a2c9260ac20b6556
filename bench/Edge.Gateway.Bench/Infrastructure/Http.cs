namespace Edge.Gateway.Bench.Infrastructure;

/// <summary>The bench's HTTP client (health checks, metrics scrapes).</summary>
internal static class Http
{
    public static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static async Task WaitHealthyAsync(Uri url, ChildProcess process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                using var response = await Client.GetAsync(url, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited || TimeProvider.System.GetElapsedTime(started) > timeout)
            {
                throw new InvalidOperationException($"{process.Name} did not answer {url} within {timeout}: {process.Output}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
