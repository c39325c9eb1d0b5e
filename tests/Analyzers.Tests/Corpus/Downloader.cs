using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Torsion;

namespace Corpus.Downloads
{
    public partial class Downloader
    {
        private readonly IReactor _reactor;
        private readonly Task<string> _token;

        public Downloader(IReactor reactor, Task<string> token)
        {
            _reactor = reactor;
            _token = token;
        }

        [InlineCallbacks]
        public IEnumerable<Deferred> Fetch(string url, Deferred<byte[]> body)
        {
            string auth = _token.Result; // BLOCKS
            yield return body;
            string Describe() => url + ": " + File.ReadAllText(url + ".meta"); // BLOCKS
            Console.WriteLine(Describe());
            var dns = Dns.GetHostEntry(new Uri(url).Host); // BLOCKS
            yield return Deferred.FromTask(_token);
            Console.WriteLine(_token.Result + auth + dns.HostName); // SAFE
            yield return InlineCallbacks.Return(body.Result.Length);
        }

        public async Deferred<int> SaveAsync(string path, Deferred<byte[]> body)
        {
            byte[] data = await body;
            int Write()
            {
                using var file = File.OpenWrite(path);
                file.Write(data, 0, data.Length); // BLOCKS
                return data.Length;
            }

            int n = Write();
            await File.WriteAllBytesAsync(path + ".bak", data); // SAFE
            Task<int> ready = Task.FromResult(n);
            return ready.Result; // SAFE
        }

        public async Deferred<string> ReadAsync(string path, Task<string> a, Task<string> b)
        {
            await Task.WhenAll(a, b);
            string both = a.Result + b.Result; // SAFE
            if (a.IsCompleted)
            {
                both += a.Result; // SAFE
            }

            await Task.Delay(10).ConfigureAwait(false);
            return both + File.ReadAllText(path); // SAFE
        }

        public void Chain(Deferred<string> page)
        {
            page.AddCallback(OnPage);
            Func<string, int> measure = text =>
            {
                Thread.Sleep(5); // BLOCKS
                return text.Length;
            };
            page.AddCallback(x => x).AddCallback(measure);
            page.AddErrback(failure =>
            {
                new List<string> { "x" }.ForEach(_ => Thread.Sleep(1)); // BLOCKS
                return "";
            });
        }

        private string OnPage(string page)
        {
            File.WriteAllText("page.html", page); // BLOCKS
            return page;
        }

        public void OnWorker(Deferred<int> done)
        {
            _reactor.DeferToThread(() =>
            {
                var local = new Deferred<int>();
                local.AddCallback(x => { Thread.Sleep(x); return x; }); // SAFE
                local.Callback(1);
                _reactor.CallFromThread(() => Thread.Sleep(1)); // BLOCKS
            });
        }
    }
}
