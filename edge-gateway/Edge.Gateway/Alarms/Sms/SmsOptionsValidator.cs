using Edge.Gateway.Alarms.Sms.Http;
using Edge.Gateway.Alarms.Sms.Modem;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Alarms.Sms;

/// <summary>Checks the chosen kind's sub-section at start, so that a wrong modem path or provider URL stops the gateway early.</summary>
internal sealed class SmsOptionsValidator : IValidateOptions<SmsOptions>
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, SmsOptions options)
    {
        var errors = new List<string>();
        switch (options.Kind)
        {
            case SmsKind.None:
                break;
            case SmsKind.Modem:
                ValidateModem(options.Modem, errors);
                break;
            case SmsKind.Http:
                ValidateHttp(options.Http, errors);
                break;
            default:
                errors.Add($"Sms:Kind must be none, modem or http, not {options.Kind}");
                break;
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateModem(GsmModemOptions modem, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(modem.DevicePath) || !modem.DevicePath.StartsWith('/'))
        {
            errors.Add("Sms:Modem:DevicePath must be an absolute device path, e.g. /dev/ttyUSB0");
        }

        if (!GsmModemOptions.SupportedBaudRates.Contains(modem.BaudRate))
        {
            errors.Add($"Sms:Modem:BaudRate must be one of {string.Join(", ", GsmModemOptions.SupportedBaudRates)}");
        }

        if (modem.Pin is not null && (modem.Pin.Length is < 4 or > 8 || !modem.Pin.All(char.IsAsciiDigit)))
        {
            errors.Add("Sms:Modem:Pin must be 4 to 8 digits");
        }

        CheckTimeout("Sms:Modem:CommandTimeout", modem.CommandTimeout, errors);
        CheckTimeout("Sms:Modem:PromptTimeout", modem.PromptTimeout, errors);
        CheckTimeout("Sms:Modem:SendTimeout", modem.SendTimeout, errors);
        CheckTimeout("Sms:Modem:SimReadyTimeout", modem.SimReadyTimeout, errors);
    }

    private static void ValidateHttp(HttpSmsOptions http, List<string> errors)
    {
        if (!Uri.TryCreate(http.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("Sms:Http:Url must be an absolute http or https URL");
        }

        if (http.ContentType is not (HttpSmsOptions.Json or HttpSmsOptions.Form))
        {
            errors.Add($"Sms:Http:ContentType must be {HttpSmsOptions.Json} or {HttpSmsOptions.Form}");
        }

        if (!http.BodyTemplate.Contains(SmsBodyTemplate.Number, StringComparison.Ordinal)
            || !http.BodyTemplate.Contains(SmsBodyTemplate.Text, StringComparison.Ordinal))
        {
            errors.Add($"Sms:Http:BodyTemplate must contain {SmsBodyTemplate.Number} and {SmsBodyTemplate.Text}");
        }

        if (http.Headers.Keys.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("Sms:Http:Headers: header names must not be empty");
        }

        if (http.MaxRetryAttempts is < 0 or > 10)
        {
            errors.Add("Sms:Http:MaxRetryAttempts must be 0 to 10");
        }

        CheckTimeout("Sms:Http:AttemptTimeout", http.AttemptTimeout, errors);
        CheckTimeout("Sms:Http:RetryDelay", http.RetryDelay, errors);
    }

    private static void CheckTimeout(string key, TimeSpan value, List<string> errors)
    {
        if (value <= TimeSpan.Zero || value > MaxTimeout)
        {
            errors.Add($"{key} must be more than 0 and at most {MaxTimeout}");
        }
    }
}
