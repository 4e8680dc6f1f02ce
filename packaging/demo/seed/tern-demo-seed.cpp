// tern-demo-seed: writes N varied, realistic messages as Maildir files, for
// the demo mail system's `seed` command. Deterministic: the same N gives the
// same bytes. Plain C++ (no Qt) so 100,000 messages take seconds, not minutes.
//
//   tern-demo-seed --user alice --domain example.test --count N --out DIR
//
// File names carry Maildir flags (":2,FRS"); the caller moves them into cur/.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

namespace {

struct Person { const char *name; const char *address; };

// Display names in several scripts; encoded per message as the kind requires.
const Person kPeople[] = {
    {"Ada Lovelace", "ada@analytical.example"},
    {"Grace Hopper", "grace@navy.example"},
    {"Linus Example", "linus@kernel.example"},
    {"Margaret Hamilton", "margaret@apollo.example"},
    {"Ken Thompson", "ken@bell.example"},
    {"Barbara Liskov", "barbara@mit.example"},
    {"Dennis Ritchie", "dmr@bell.example"},
    {"Frances Allen", "fran@ibm.example"},
};

const char *kWords[] = {"meeting", "release", "schedule", "budget", "draft", "review", "server",
                        "holiday", "invoice", "report", "patch", "question", "lunch", "roadmap",
                        "backup", "kernel", "design", "minutes", "travel", "update"};

const char *kLists[][2] = {{"dev.lists.example.org", "dev"}, {"announce.lists.example.org", "announce"},
                           {"users.groups.example.com", "users"}};

uint64_t splitmix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

std::string base64(const std::string &in, size_t lineLen = 76)
{
    static const char *t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t col = 0;
    for (size_t i = 0; i < in.size(); i += 3) {
        uint32_t v = uint8_t(in[i]) << 16;
        if (i + 1 < in.size()) v |= uint8_t(in[i + 1]) << 8;
        if (i + 2 < in.size()) v |= uint8_t(in[i + 2]);
        out += t[(v >> 18) & 63];
        out += t[(v >> 12) & 63];
        out += i + 1 < in.size() ? t[(v >> 6) & 63] : '=';
        out += i + 2 < in.size() ? t[v & 63] : '=';
        col += 4;
        if (lineLen && col >= lineLen) { out += "\r\n"; col = 0; }
    }
    if (lineLen && col) out += "\r\n";
    return out;
}

std::string rfc5322Date(time_t when)
{
    static const char *days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm {};
    gmtime_r(&when, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
                  months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

struct Seeder {
    std::string user, domain;
    long count = 0;

    std::string msgId(long i) const { return "<seed-" + std::to_string(i) + "@" + domain + ">"; }

    std::string words(uint64_t r, int n) const
    {
        std::string s;
        for (int k = 0; k < n; ++k) {
            if (k) s += ' ';
            s += kWords[(r >> (k * 5)) % 20];
        }
        return s;
    }

    std::string paragraph(uint64_t r, int sentences) const
    {
        std::string s;
        for (int k = 0; k < sentences; ++k) {
            uint64_t rk = splitmix(r + k);
            std::string w = words(rk, 6 + int(rk % 6));
            w[0] = char(w[0] - 32);
            s += w + ". ";
            if (k % 3 == 2) s += "\r\n";
        }
        return s + "\r\n";
    }

    // One message; kind picks its shape. Returns the bytes and Maildir flags.
    std::string message(long i, std::string &flags) const
    {
        const uint64_t r = splitmix(uint64_t(i) * 7919 + 17);
        const int kind = int(i % 12);
        const Person &from = kPeople[r % 8];
        const time_t date = time_t(1790000000 - (count - i) * 600 - long(r % 300));
        std::string h, body;
        h += "Return-Path: <" + std::string(from.address) + ">\r\n";
        h += "Received: from mx.example.net (mx.example.net [192.0.2." + std::to_string(r % 250 + 1) +
             "])\r\n\tby mail." + domain + " with ESMTPS id s" + std::to_string(i) + "\r\n\tfor <" + user + "@" +
             domain + ">; " + rfc5322Date(date + 2) + "\r\n";
        h += "Date: " + rfc5322Date(date) + "\r\n";
        h += "Message-ID: " + msgId(i) + "\r\n";
        h += "To: " + user + " <" + user + "@" + domain + ">\r\n";
        h += "MIME-Version: 1.0\r\n";
        const std::string subj = words(r >> 8, 2 + int(r % 4));
        std::string fromHdr = std::string(from.name) + " <" + from.address + ">";
        std::string subjectHdr = "Subject: " + subj + " #" + std::to_string(i) + "\r\n";
        const std::string boundary = "=_tern_" + std::to_string(i) + "_" + std::to_string(r % 100000);

        switch (kind) {
        case 0: // plain ASCII
            h += "Content-Type: text/plain; charset=us-ascii\r\n";
            body = "Hello " + user + ",\r\n\r\n" + paragraph(r, 4 + int(r % 8)) + "-- \r\n" + from.name + "\r\n";
            break;
        case 1: { // UTF-8 subject (B) and quoted-printable body
            subjectHdr = "Subject: =?UTF-8?B?" + base64("Café ☕ " + subj + " – Überraschung", 0) + "?= #" +
                         std::to_string(i) + "\r\n";
            fromHdr = "=?UTF-8?Q?Jos=C3=A9_Mar=C3=ADa?= <jose@correo.example>";
            h += "Content-Type: text/plain; charset=utf-8; format=flowed\r\nContent-Transfer-Encoding: quoted-printable\r\n";
            body = "Gr=C3=BC=C3=9Fe aus K=C3=B6ln! Das Caf=C3=A9 =E2=98=95 ist ge=C3=B6ffnet. \r\n" + paragraph(r, 3);
            break;
        }
        case 2: // HTML with remote images and a tracking pixel, with a text alternative
            h += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n";
            body = "--" + boundary + "\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" + paragraph(r, 3) +
                   "--" + boundary + "\r\nContent-Type: text/html; charset=us-ascii\r\n\r\n"
                   "<html><head><link rel=\"stylesheet\" href=\"https://cdn.example.net/news.css\"></head>"
                   "<body><h1>Newsletter " + std::to_string(i) + "</h1>\r\n<p>" + paragraph(r, 3) +
                   "</p>\r\n<img src=\"https://images.example.net/banner-" + std::to_string(i % 40) +
                   ".png\" alt=\"banner\">\r\n<img src=\"http://tracker.example.net/open.gif?u=" + user + "&m=" +
                   std::to_string(i) + "\" width=\"1\" height=\"1\">\r\n"
                   "<p><a href=\"https://www.example.org/read/" + std::to_string(i) + "\">Read online</a></p>"
                   "</body></html>\r\n--" + boundary + "--\r\n";
            fromHdr = "\"Example News\" <news@newsletter.example>";
            break;
        case 3: { // attachment with an RFC 2231 file name
            std::string pdf = "%PDF-1.4\n% Tern demo attachment " + std::to_string(i) + "\n" + paragraph(r, 6) + "%%EOF\n";
            h += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n";
            body = "--" + boundary + "\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nPlease find the " +
                   subj + " attached.\r\n\r\n--" + boundary +
                   "\r\nContent-Type: application/pdf; name=\"report-" + std::to_string(i) + ".pdf\"\r\n"
                   "Content-Disposition: attachment; filename*=utf-8''Bericht%20%C3%BCber%20" +
                   std::to_string(i) + ".pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64(pdf) +
                   "--" + boundary + "--\r\n";
            break;
        }
        case 4: case 10: { // mailing-list mail (Mailman-like headers), threads within the list
            const auto &list = kLists[r % 3];
            h += "List-Id: \"" + std::string(list[1]) + " list\" <" + list[0] + ">\r\n";
            h += "List-Post: <mailto:" + std::string(list[1]) + "@lists.example.org>\r\n";
            h += "List-Unsubscribe: <mailto:" + std::string(list[1]) + "-leave@lists.example.org>, <https://lists.example.org/unsub/" + list[1] + ">\r\n";
            h += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
            h += "List-Archive: <https://lists.example.org/archive/" + std::string(list[1]) + "/>\r\n";
            h += "Precedence: list\r\n";
            if (kind == 10 && i >= 6) {
                h += "In-Reply-To: " + msgId(i - 6) + "\r\nReferences: " + msgId(i - 6) + "\r\n";
                subjectHdr = "Subject: Re: [" + std::string(list[1]) + "] " + words(splitmix(uint64_t(i - 6) * 7919 + 17) >> 8, 2) + "\r\n";
            } else {
                subjectHdr = "Subject: [" + std::string(list[1]) + "] " + subj + "\r\n";
            }
            h += "Content-Type: text/plain; charset=us-ascii\r\n";
            body = paragraph(r, 5) + "_______________________________________________\r\n" + list[1] +
                   " mailing list\r\nhttps://lists.example.org/listinfo/" + list[1] + "\r\n";
            break;
        }
        case 5: { // a reply deep in a thread: References chain of earlier messages
            std::string refs;
            for (long p = i - 5 * 12; p < i; p += 12)
                if (p >= 0) refs += (refs.empty() ? "" : "\r\n ") + msgId(p);
            if (i >= 12) {
                h += "In-Reply-To: " + msgId(i - 12) + "\r\nReferences: " + refs + "\r\n";
                subjectHdr = "Subject: Re: " + subj + "\r\n";
            }
            h += "Content-Type: text/plain; charset=us-ascii\r\n";
            body = "On an earlier day, someone wrote:\r\n> " + paragraph(r + 1, 2) + "\r\nI agree. " + paragraph(r, 2);
            if (i % 2) flags += 'R';
            break;
        }
        case 6: // ISO-8859-1, Q-encoded header, 8bit body
            subjectHdr = "Subject: =?ISO-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?= " + subj + "\r\n";
            fromHdr = "=?ISO-8859-1?Q?Fran=E7ois_M=FCller?= <francois@beispiel.example>";
            h += "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n";
            body = "Sch\xF6ne Gr\xFC\xDF" "e, \xE0 bient\xF4t!\r\n" + paragraph(r, 2);
            break;
        case 7: // KOI8-R, B-encoded header, base64 body
            subjectHdr = "Subject: =?KOI8-R?B?" + base64("\xF0\xD2\xC9\xD7\xC5\xD4 ", 0) + "?= " + subj + "\r\n";
            h += "Content-Type: text/plain; charset=koi8-r\r\nContent-Transfer-Encoding: base64\r\n";
            body = base64("\xF0\xD2\xC9\xD7\xC5\xD4, \xCD\xC9\xD2!\r\n" + paragraph(r, 2));
            break;
        case 8: // ISO-2022-JP, as Japanese mailers send it
            subjectHdr = "Subject: =?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?= " + subj + "\r\n";
            h += "Content-Type: text/plain; charset=iso-2022-jp\r\nContent-Transfer-Encoding: 7bit\r\n";
            body = "\x1B$B$3$s$K$A$O\x1B(B\r\n" + paragraph(r, 2);
            break;
        case 9: // windows-1252 smart quotes, quoted-printable
            h += "Content-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: quoted-printable\r\n";
            body = "=93Quoted=94 text =96 with a dash and =80 10.\r\n" + paragraph(r, 3);
            break;
        case 11: { // HTML with an inline cid: image (multipart/related)
            const std::string inner = boundary + "_rel";
            h += "Content-Type: multipart/related; boundary=\"" + inner + "\"; type=\"text/html\"\r\n";
            // A 1x1 transparent GIF.
            const std::string gif("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff\x21\xf9\x04\x01\x00\x00\x00\x00\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b", 43);
            body = "--" + inner + "\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>" +
                   paragraph(r, 2) + "</p><img src=\"cid:logo" + std::to_string(i) + "@" + domain +
                   "\" alt=\"logo\"></body></html>\r\n--" + inner +
                   "\r\nContent-Type: image/gif\r\nContent-ID: <logo" + std::to_string(i) + "@" + domain +
                   ">\r\nContent-Disposition: inline\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64(gif) +
                   "--" + inner + "--\r\n";
            break;
        }
        }
        if (i % 17 == 0) flags += 'F';
        if (i % 3 != 0) flags += 'S';
        return h + "From: " + fromHdr + "\r\n" + subjectHdr + "\r\n" + body;
    }
};

} // namespace

int main(int argc, char **argv)
{
    Seeder s;
    std::string out;
    for (int a = 1; a + 1 < argc; a += 2) {
        const std::string k = argv[a], v = argv[a + 1];
        if (k == "--user") s.user = v;
        else if (k == "--domain") s.domain = v;
        else if (k == "--count") s.count = std::strtol(v.c_str(), nullptr, 10);
        else if (k == "--out") out = v;
        else { std::fprintf(stderr, "tern-demo-seed: unknown option %s\n", k.c_str()); return 2; }
    }
    if (s.user.empty() || s.domain.empty() || out.empty() || s.count <= 0 || s.count > 10000000) {
        std::fprintf(stderr, "usage: tern-demo-seed --user U --domain D --count N --out DIR\n");
        return 2;
    }
    for (long i = 0; i < s.count; ++i) {
        std::string flags;
        const std::string msg = s.message(i, flags);
        std::string sorted;   // Maildir wants flags in ASCII order
        for (char f : {'F', 'R', 'S'})
            if (flags.find(f) != std::string::npos) sorted += f;
        char name[160];
        std::snprintf(name, sizeof name, "%s/%ld.M%ldP0.tern-seed,S=%zu:2,%s", out.c_str(), 1700000000L + i, i,
                      msg.size(), sorted.c_str());
        std::ofstream f(name, std::ios::binary);
        f.write(msg.data(), std::streamsize(msg.size()));
        if (!f) { std::fprintf(stderr, "tern-demo-seed: cannot write %s\n", name); return 1; }
    }
    return 0;
}
