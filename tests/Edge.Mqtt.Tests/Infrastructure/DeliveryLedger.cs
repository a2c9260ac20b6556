using System.Collections.Concurrent;
using System.Globalization;

namespace Edge.Mqtt.Tests.Infrastructure;

/// <summary>
/// What a receiving application got, counted per message: the fault tests check that every message arrived, and that
/// none at QoS 2 arrived twice. Payloads are <c>{qos}-{number}</c>.
/// </summary>
internal sealed class DeliveryLedger(int perQos)
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public static string Payload(MqttQualityOfService qos, int number) => string.Create(CultureInfo.InvariantCulture, $"{(int)qos}-{number:D5}");

    public void Record(MqttReceivedMessage message) => _counts.AddOrUpdate(message.Text(), 1, (_, count) => count + 1);

    public int Count(MqttQualityOfService qos, int number) => _counts.TryGetValue(Payload(qos, number), out var count) ? count : 0;

    public int Distinct(MqttQualityOfService qos) => Enumerable.Range(1, perQos).Count(i => Count(qos, i) > 0);

    public bool HasAll(params MqttQualityOfService[] levels) => levels.All(qos => Distinct(qos) == perQos);

    /// <summary>Messages missing and received more than once, per QoS, for assertions and the test log.</summary>
    public string Summary(MqttQualityOfService qos)
    {
        var missing = Enumerable.Range(1, perQos).Where(i => Count(qos, i) == 0).ToList();
        var duplicated = Enumerable.Range(1, perQos).Where(i => Count(qos, i) > 1).ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"QoS {(int)qos}: {perQos - missing.Count}/{perQos} received, missing [{string.Join(",", missing.Take(20))}], received twice or more [{string.Join(",", duplicated.Take(20))}] ({duplicated.Count})");
    }

    public IEnumerable<int> Duplicated(MqttQualityOfService qos) => Enumerable.Range(1, perQos).Where(i => Count(qos, i) > 1);

    public IEnumerable<int> Missing(MqttQualityOfService qos) => Enumerable.Range(1, perQos).Where(i => Count(qos, i) == 0);
}
