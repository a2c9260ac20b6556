namespace Edge.Mqtt.Topics;

/// <summary>
/// Whether a topic name matches a (valid) topic filter, section 4.7: <c>+</c> matches exactly one level (possibly
/// empty), <c>#</c> matches the parent level and any number of child levels, and a filter starting with a wildcard
/// does not match a topic starting with <c>$</c> (section 4.7.2). A shared subscription (<c>$share/{group}/{filter}</c>)
/// matches what its filter part matches.
/// </summary>
internal static class MqttTopicFilterMatcher
{
    public static bool Matches(ReadOnlySpan<char> filter, ReadOnlySpan<char> topic)
    {
        filter = MqttTopics.MatchingPart(filter);
        if (filter.IsEmpty)
        {
            return false;
        }

        if (topic.Length > 0 && topic[0] == '$' && filter.Length > 0 && (filter[0] == '+' || filter[0] == '#'))
        {
            return false;
        }

        while (true)
        {
            var filterSlash = filter.IndexOf('/');
            var filterLevel = filterSlash < 0 ? filter : filter[..filterSlash];
            if (filterLevel is "#")
            {
                return true;
            }

            var topicSlash = topic.IndexOf('/');
            var topicLevel = topicSlash < 0 ? topic : topic[..topicSlash];
            if (filterLevel is not "+" && !filterLevel.SequenceEqual(topicLevel))
            {
                return false;
            }

            if (filterSlash < 0 || topicSlash < 0)
            {
                // One side has no further level: a match only if both end here, or the filter goes on with "/#" alone
                // ("sport/#" matches "sport").
                return filterSlash < 0 ? topicSlash < 0 : filter[(filterSlash + 1)..] is "#";
            }

            filter = filter[(filterSlash + 1)..];
            topic = topic[(topicSlash + 1)..];
        }
    }
}
