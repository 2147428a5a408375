using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GoModules.TestUtilities.Servers;

/// <summary>A self-signed certificate for 127.0.0.1 and 127.0.0.2 (two distinct loopback hosts), made once per test run.</summary>
public static class TestCertificate
{
    private static readonly Lazy<X509Certificate2> Shared = new(Create);

    public static X509Certificate2 Instance => Shared.Value;

    /// <summary>Writes the certificate as PEM (for the go command's <c>SSL_CERT_FILE</c>) and returns the file's path.</summary>
    public static string WritePem(string directory)
    {
        var path = Path.Combine(directory, "test-cert.pem");
        File.WriteAllText(path, Instance.ExportCertificatePem());
        return path;
    }

    private static X509Certificate2 Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.Parse("127.0.0.2"));
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }
}
