using System.Diagnostics;
using System.Text.Json;
using GoModules.Direct;

namespace GoModules.Tests.Direct;

/// <summary>
/// #13.9: the go-import parser decodes character data as the go command's parser does (encoding/xml, not strict,
/// no HTML entity table). A small Go program reads the same pages with encoding/xml the way cmd/go's discovery
/// does, under the newest Go, and both sides must find the same tags.
/// </summary>
[TestFixture]
public sealed class GoImportMetaDifferentialTests
{
    private static readonly string[] Contents =
    [
        "a.com/x git https://a.com/&#xD800;",
        "a.com/x git https://a.com/&#xdfff;&#55296;",
        "a.com/x git https://a.com/&#x41;&#65;&#X41;",
        "a.com/x git https://a.com/?a=1&amp;b=2&lt;&gt;&quot;&apos;",
        "a.com/x git https://a.com/&nbsp;&copy;&amp",
        "a.com/x git https://a.com/&&amp;&;&#;&#x;",
        "a.com/x git https://a.com/&#1114111;&#1114112;&#x110000;",
        "a.com/x git https://a.com/&#99999999999999999999999999;&#12&amp;",
        "a.com/x git https://a.com/&#0;",
        "a.com/x git https://a.com/&#x1b;",
        "a.com/x git https://a.com/&#xFFFE;",
        "a.com/x git https://a.com/&#x9b;&#x202e;",
        "a.com/x git https://a.com/r sub/dir",
        "a.com/x git https://a.com/r sub dir2",
        "a.com/x&#x20;git&#9;https://a.com/r",
        "a.com/x git https://a.com/" + new string('&', 5000),
    ];

    [Test]
    [CancelAfter(300_000)]
    public async Task SameTagsAsGosXmlDecoder(CancellationToken cancellationToken)
    {
        var go = Environment.GetEnvironmentVariable("GOMODULES_GO_NEWEST") is { Length: > 0 } g ? g : "/opt/newest-go/go-1.27/usr/lib/go-1.27/bin/go";
        if (!File.Exists(go))
        {
            Assert.Ignore("the newest go is not installed (GOMODULES_GO_NEWEST or " + go + ")");
        }

        var pages = new List<string>();
        foreach (var content in Contents)
        {
            pages.Add("<html><head><meta name=\"go-import\" content=\"" + content + "\"></head></html>");
            pages.Add("<html><head><meta name=\"go-import\" content=\"b.com/ok git https://b\"><meta name=\"go-import\" content=\"" + content + "\"></head>");
        }

        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "go.mod"), "module metadiff\n\ngo 1.22\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "main.go"), Program, cancellationToken);
        var psi = new ProcessStartInfo(go, ["run", "."]) { WorkingDirectory = dir.Path, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["GOTOOLCHAIN"] = "local";
        psi.Environment["GOPROXY"] = "off";
        psi.Environment["GOFLAGS"] = "-mod=mod";
        psi.Environment["GOENV"] = "off";
        psi.Environment["GOCACHE"] = Path.Combine(dir.Path, "gocache");
        psi.Environment["GOPATH"] = Path.Combine(dir.Path, "gopath");
        psi.Environment.Remove("GOROOT");
        using var p = Process.Start(psi)!;
        await p.StandardInput.WriteAsync(JsonSerializer.Serialize(pages).AsMemory(), cancellationToken);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(cancellationToken);
        await p.WaitForExitAsync(cancellationToken);
        Assert.That(p.ExitCode, Is.Zero, await stderr);
        var goResults = JsonSerializer.Deserialize<List<List<string>>>(await stdout)!;

        var ours = pages.Select(page => GoImportMeta.Parse(page).Select(i => string.Join("|", i.Prefix, i.Vcs, i.RepositoryRoot, i.Subdirectory)).ToList()).ToList();
        for (var i = 0; i < pages.Count; i++)
        {
            Assert.That(ours[i], Is.EqualTo(goResults[i]), "page: " + pages[i]);
        }
    }

    private const string Program = """
        package main

        import (
        	"encoding/json"
        	"encoding/xml"
        	"io"
        	"os"
        	"strings"
        )

        // tags reads go-import tags the way cmd/go's discovery does: encoding/xml, not strict,
        // stop at </head> or <body>, keep what was found before a syntax error.
        func tags(page string) []string {
        	d := xml.NewDecoder(strings.NewReader(page))
        	d.Strict = false
        	out := []string{}
        	for {
        		t, err := d.RawToken()
        		if err != nil {
        			if err != io.EOF && len(out) == 0 {
        				return []string{}
        			}
        			break
        		}
        		if e, ok := t.(xml.StartElement); ok && strings.EqualFold(e.Name.Local, "body") {
        			break
        		}
        		if e, ok := t.(xml.EndElement); ok && strings.EqualFold(e.Name.Local, "head") {
        			break
        		}
        		e, ok := t.(xml.StartElement)
        		if !ok || !strings.EqualFold(e.Name.Local, "meta") {
        			continue
        		}
        		name, content := "", ""
        		for _, a := range e.Attr {
        			if strings.EqualFold(a.Name.Local, "name") && name == "" {
        				name = a.Value
        			}
        			if strings.EqualFold(a.Name.Local, "content") && content == "" {
        				content = a.Value
        			}
        		}
        		if name != "go-import" {
        			continue
        		}
        		f := strings.Fields(content)
        		if len(f) == 3 {
        			out = append(out, f[0]+"|"+f[1]+"|"+f[2]+"|")
        		} else if len(f) == 4 {
        			out = append(out, f[0]+"|"+f[1]+"|"+f[2]+"|"+f[3])
        		}
        	}
        	return out
        }

        func main() {
        	var pages []string
        	if err := json.NewDecoder(os.Stdin).Decode(&pages); err != nil {
        		panic(err)
        	}
        	results := [][]string{}
        	for _, p := range pages {
        		results = append(results, tags(p))
        	}
        	json.NewEncoder(os.Stdout).Encode(results)
        }
        """;
}
