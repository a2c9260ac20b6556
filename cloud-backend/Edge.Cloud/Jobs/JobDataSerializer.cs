using System.Text.Json;
using Quartz;
using Quartz.Spi;

namespace Edge.Cloud.Jobs;

/// <summary>
/// The ADO job store's serializer (Quartz's JSON serializer packages are not served here; BinaryFormatter is gone).
/// The jobs carry no data beyond string properties, so only job data maps of strings are written.
/// </summary>
internal sealed class JobDataSerializer : IObjectSerializer
{
    public void Initialize()
    {
    }

    public byte[] Serialize<T>(T obj) where T : class => obj switch
    {
        JobDataMap map => JsonSerializer.SerializeToUtf8Bytes(map.ToDictionary(entry => entry.Key, entry => Convert.ToString(entry.Value, System.Globalization.CultureInfo.InvariantCulture))),
        _ => throw new NotSupportedException($"the job store keeps only job data maps of strings, not {typeof(T).Name}"),
    };

    public T? DeSerialize<T>(byte[] data) where T : class
    {
        if (typeof(T) != typeof(JobDataMap))
        {
            throw new NotSupportedException($"the job store keeps only job data maps of strings, not {typeof(T).Name}");
        }

        var map = new JobDataMap();
        foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string?>>(data) ?? [])
        {
            map[key] = value!;
        }

        return map as T;
    }
}
