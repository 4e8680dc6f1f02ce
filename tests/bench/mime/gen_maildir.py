#!/usr/bin/env python3
"""Writes N varied mail messages into a Maildir, the same bytes for the same seed.

    gen_maildir.py MAILDIR [--count 10000] [--seed 1]

The mix is what a mailbox holds: plain text (7bit, 8bit, quoted-printable,
base64), format=flowed, HTML only, multipart/alternative (some with related
inline images), attachments (PDF, PNG, ZIP, CSV, calendar, an attached
message), text in several charsets (ISO-8859-1/15, windows-1252/1251, KOI8-R,
ISO-2022-JP, Shift_JIS, GBK, EUC-KR, UTF-8), RFC 2047 encoded words in
From/To/Subject and RFC 2231 file names, Received: chains and DKIM signatures,
replies with quoted text, and a few large messages (100 KB to 1.5 MB). The
median size is a few KB. Prints the count, total bytes and median size.
"""
import argparse
import base64
import os
import quopri
import random
import textwrap

EN = ("the of and to in is that for it as with was on be at by this have from or one had not but what all were when we "
      "there can an your which their said if do will each about how up out them then she many some so these would other "
      "into has more her two like him see time could no make than first been its who now people my made over did down "
      "only way find use may water long little very after words called just where most know get through back much before "
      "go good new write our used me man too any day same right look think also around another came come work three word "
      "must because does part even place well such here take why things help put years different away again off went old "
      "number great tell men say small every found still between name should home big give air line set own under read "
      "last never us left end along while might next sound below saw something thought both few those always looked show "
      "large often together asked house world going want school important until form food keep children feet land side "
      "without boy once animals life enough took sometimes four head above kind began almost live page got earth need far "
      "hand high year mother light parts country father let night following picture being study second eyes soon times "
      "story boys since white days ever paper hard near sentence better best across during today others sure means knew "
      "meeting invoice report deadline budget release server backup schedule project customer contract review agenda").split()
DE = ("und der die das nicht mit für über Grüße Übergabe Besprechung Änderung Straße Größe Mädchen Büro Rückmeldung "
      "Zusammenfassung Woche nächste Termin bitte schön danke Frühstück müssen können während Prüfung").split()
FR = ("le la les et à être avoir été déjà très où réunion réponse événement prévu dernière semaine merci cordialement "
      "garçon façon précédent élève reçu début fête hôtel français année").split()
RU = ("и в не на я быть он с что а по это она этот к но они мы как из у который то за свой что весь год от так о для "
      "встреча отчёт неделя пожалуйста спасибо письмо сервер проект срок").split()
JA = ("こんにちは 会議 資料 確認 お願い します 明日 予定 報告 ありがとう ございます 送付 件 今週 来週 担当 変更 "
      "メール サーバー 東京 大阪").split()
ZH = "你好 会议 报告 请 确认 明天 下周 时间 谢谢 项目 服务器 文件 附件 客户 合同 北京 上海 计划".split()
KO = "안녕하세요 회의 보고서 확인 부탁 드립니다 내일 다음 주 감사합니다 서버 프로젝트 일정 자료".split()

# language -> (words, joiner, charsets it is sent in)
LANGS = {
    "en": (EN, " ", ["us-ascii", "utf-8"]),
    "de": (DE + EN[:80], " ", ["iso-8859-1", "iso-8859-15", "windows-1252", "utf-8"]),
    "fr": (FR + EN[:80], " ", ["iso-8859-1", "windows-1252", "utf-8"]),
    "ru": (RU, " ", ["koi8-r", "windows-1251", "utf-8"]),
    "ja": (JA, "", ["iso-2022-jp", "shift_jis", "utf-8"]),
    "zh": (ZH, "", ["gbk", "utf-8"]),
    "ko": (KO, " ", ["euc-kr", "utf-8"]),
}
LANG_WEIGHTS = [("en", 60), ("de", 12), ("fr", 8), ("ru", 7), ("ja", 6), ("zh", 4), ("ko", 3)]
FIRST = ["Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Mallory", "Oscar",
         "Peggy", "Trent", "Victor", "Walter", "Jörg", "Zoë", "François", "Łukasz", "Søren", "Наталья", "Дмитрий",
         "太郎", "花子", "伟", "민수"]
LAST = ["Smith", "Jones", "Müller", "Dupont", "García", "Kowalski", "Nakamura", "Иванова", "Петров", "Kim", "Wang",
        "O'Brien", "van der Berg", "Nørgaard"]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.de", "corp.example.co.jp", "lists.example.org"]
MAILERS = ["Mozilla Thunderbird 115.4", "Microsoft Outlook 16.0", "Apple Mail (2.3731)", "Evolution 3.46",
           "mutt/2.2.9", "Roundcube Webmail/1.6", None, None]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def pick(self, seq):
        return seq[self.r.randrange(len(seq))]

    def weighted(self, pairs):
        total = sum(w for _, w in pairs)
        x = self.r.uniform(0, total)
        for v, w in pairs:
            x -= w
            if x <= 0:
                return v
        return pairs[-1][0]

    # --- text ------------------------------------------------------------
    def sentence(self, lang):
        words, joiner, _ = LANGS[lang]
        n = self.r.randint(5, 16)
        s = joiner.join(self.pick(words) for _ in range(n))
        if lang in ("ja", "zh"):
            return s + "。"
        return s[:1].upper() + s[1:] + self.pick([".", ".", ".", "?", "!"])

    def paragraphs(self, lang, chars):
        out, size = [], 0
        while size < chars:
            p = " ".join(self.sentence(lang) for _ in range(self.r.randint(1, 5)))
            if lang == "en" and self.r.random() < 0.15:
                p += " See https://www.example.com/%s?id=%d for details." % (self.pick(EN), self.r.randrange(10 ** 6))
            out.append(p)
            size += len(p)
        return out

    def plain_body(self, lang, chars, flowed=False):
        lines = []
        for p in self.paragraphs(lang, chars):
            width = 72 if lang not in ("ja", "zh", "ko") else 36
            wrapped = textwrap.wrap(p, width) or [""]
            if flowed:   # RFC 3676: soft breaks end in a space
                wrapped = [w + " " for w in wrapped[:-1]] + wrapped[-1:]
            lines += wrapped + [""]
        if self.r.random() < 0.3:   # a reply: quoted text below
            lines += ["On Tue, 12 Mar 2024, %s wrote:" % self.pick(FIRST)]
            for q in self.paragraphs(lang, self.r.randint(200, 1500)):
                depth = "> " if self.r.random() < 0.8 else "> > "
                lines += [depth + w for w in textwrap.wrap(q, 70)] + [">"]
        if self.r.random() < 0.5:
            lines += ["-- ", "%s %s" % (self.pick(FIRST), self.pick(LAST)), "Phone +1 555 %04d" % self.r.randrange(10000)]
        if flowed:
            lines = [(" " + l) if l.startswith((" ", "From ")) else l for l in lines]   # space-stuffing
        return "\n".join(lines) + "\n"

    def html_body(self, lang, chars, newsletter=False):
        parts = ["<!DOCTYPE html><html><head><meta charset=\"%s\"><title>%s</title>" % ("utf-8", self.sentence("en")[:40])]
        parts.append("<style>body{font-family:Arial,sans-serif;color:#333}p{margin:0 0 1em}.btn{background:#0a66c2;color:#fff}</style></head><body>")
        if newsletter:
            parts.append('<table width="600" cellpadding="0" cellspacing="0" border="0"><tr><td>'
                         '<img src="https://news.example.com/logo.png" width="600" height="80" alt="Logo"></td></tr>')
        for p in self.paragraphs(lang, chars):
            if newsletter:
                parts.append('<tr><td style="padding:12px;font-size:14px">%s <a href="https://news.example.com/r/%d" class="btn">Read more</a></td></tr>'
                             % (p, self.r.randrange(10 ** 8)))
            else:
                parts.append("<p>%s</p>" % p.replace("&", "&amp;"))
        if newsletter:
            parts.append('</table><img src="https://t.example.com/open.gif?u=%d" width="1" height="1">' % self.r.randrange(10 ** 9))
        if self.r.random() < 0.2:
            parts.append("<blockquote style=\"border-left:2px solid #ccc\"><div>%s</div></blockquote>" % self.sentence(lang))
        parts.append("</body></html>")
        return "\n".join(parts) + "\n"

    # --- headers ---------------------------------------------------------
    def encoded_word(self, text):
        """RFC 2047 for a non-ASCII phrase; some split over several words, as mailers do."""
        if all(ord(c) < 128 for c in text):
            return text
        raw = text.encode("utf-8")
        if self.r.random() < 0.5:
            q = "".join(chr(b) if (48 <= b <= 57 or 65 <= b <= 90 or 97 <= b <= 122) else ("_" if b == 32 else "=%02X" % b) for b in raw)
            return "=?UTF-8?Q?%s?=" % q
        chunks, step = [], 30
        for i in range(0, len(text), step // 3 or 1):
            chunks.append("=?UTF-8?B?%s?=" % base64.b64encode(text[i:i + step // 3].encode("utf-8")).decode())
        return "\r\n ".join(chunks)

    def mailbox(self):
        first, last = self.pick(FIRST), self.pick(LAST)
        local = "%s.%s" % (self.r.choice("abcdefghijklmnopqrstuvwxyz"), self.pick(EN))
        addr = "%s@%s" % (local, self.pick(DOMAINS))
        name = "%s %s" % (first, last)
        if self.r.random() < 0.1:
            return addr
        if all(ord(c) < 128 for c in name):
            return '"%s" <%s>' % (name, addr) if "'" in name or self.r.random() < 0.3 else "%s <%s>" % (name, addr)
        return "%s <%s>" % (self.encoded_word(name), addr)

    def date(self, i):
        t = 1704067200 + i * 317 + self.r.randrange(300)   # from 2024-01-01, some minutes apart
        import time
        tz = self.pick([0, 60, 120, -300, -420, 540, 330])
        lt = time.gmtime(t + tz * 60)
        sign = "+" if tz >= 0 else "-"
        return time.strftime("%a, %d %b %Y %H:%M:%S", lt) + " %s%02d%02d" % (sign, abs(tz) // 60, abs(tz) % 60), t

    def received(self, when):
        hops = []
        hosts = ["mx%d.example.net" % self.r.randrange(1, 5), "relay.example.org", "smtp-out.example.com", "mail.example.de"]
        for h in range(self.r.randint(2, 5)):
            import time
            stamp = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(when + 5 * (5 - h) + self.r.randrange(4)))
            ip = "192.0.2.%d" % self.r.randrange(1, 255)
            if self.r.random() < 0.5:
                hops.append("from %s (%s [%s])\r\n\tby %s (Postfix) with ESMTPS id %X\r\n\tfor <u@example.org>; %s"
                            % (self.pick(hosts), self.pick(hosts), ip, self.pick(hosts), self.r.randrange(16 ** 10), stamp))
            else:
                hops.append("from [%s] (helo=%s)\r\n\tby %s with esmtpsa (TLS1.3) tls TLS_AES_256_GCM_SHA384\r\n\t(Exim 4.96)\r\n\tid 1r%06x; %s"
                            % (ip, self.pick(hosts), self.pick(hosts), self.r.randrange(16 ** 6), stamp))
        return hops

    def headers(self, i, lang, subject_lang):
        date, when = self.date(i)
        h = ["Return-Path: <bounce-%d@example.com>" % i]
        h += ["Received: " + r for r in self.received(when)]
        if self.r.random() < 0.6:
            sig = base64.b64encode(self.r.randbytes(256)).decode()
            h.append("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=sel1;\r\n\th=from:to:subject:date:message-id;"
                     " bh=%s;\r\n\tb=%s" % (base64.b64encode(self.r.randbytes(32)).decode(),
                                             "\r\n\t ".join(textwrap.wrap(sig, 70))))
        h.append("From: " + self.mailbox())
        h.append("To: " + ",\r\n ".join(self.mailbox() for _ in range(self.r.randint(1, 3))))
        if self.r.random() < 0.3:
            h.append("Cc: " + ", ".join(self.mailbox() for _ in range(self.r.randint(1, 4))))
        subject = self.sentence(subject_lang)[:60].rstrip(".!?。")
        if self.r.random() < 0.3:
            subject = "Re: " + subject
        h.append("Subject: " + self.encoded_word(subject))
        h.append("Date: " + date)
        h.append("Message-ID: <%d.%x@%s>" % (i, self.r.randrange(16 ** 8), self.pick(DOMAINS)))
        if self.r.random() < 0.3:
            refs = " ".join("<%d.%x@example.org>" % (self.r.randrange(i + 1), self.r.randrange(16 ** 8)) for _ in range(self.r.randint(1, 4)))
            h.append("In-Reply-To: " + refs.split()[-1])
            h.append("References: " + refs)
        if self.r.random() < 0.15:
            h.append("List-Id: <dev.lists.example.org>")
            h.append("List-Unsubscribe: <https://lists.example.org/u/%d>, <mailto:leave@lists.example.org>" % i)
        mailer = self.pick(MAILERS)
        if mailer:
            h.append("X-Mailer: " + mailer)
        h.append("MIME-Version: 1.0")
        return h

    # --- parts -----------------------------------------------------------
    def text_part(self, subtype, text, charset, encoding=None, extra=""):
        try:
            raw = text.encode(charset.replace("us-ascii", "ascii"))
        except UnicodeEncodeError:
            charset, raw = "utf-8", text.encode("utf-8")
        if encoding is None:
            if all(b < 128 for b in raw):
                encoding = "7bit"
            elif charset in ("iso-2022-jp",):
                encoding = "7bit"
            else:
                encoding = self.weighted([("quoted-printable", 5), ("base64", 3), ("8bit", 2)])
        raw = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        if encoding == "quoted-printable":
            body = quopri.encodestring(raw).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        elif encoding == "base64":
            body = base64.encodebytes(raw).replace(b"\n", b"\r\n")
        else:
            body = raw
        head = "Content-Type: text/%s; charset=%s%s\r\nContent-Transfer-Encoding: %s\r\n" % (subtype, charset, extra, encoding)
        return head.encode() + b"\r\n" + body

    def attachment(self, large=False):
        kind = self.weighted([("pdf", 4), ("png", 3), ("zip", 1), ("csv", 1), ("ics", 1)])
        size = self.r.randint(100_000, 1_000_000) if large else int(min(300_000, self.r.lognormvariate(9.2, 1.0)))
        name_stem = self.pick(["report", "invoice", "Rechnung_März", "présentation", "отчёт", "見積書", "photo", "scan"])
        if kind == "pdf":
            data, ctype, ext = b"%PDF-1.5\n" + self.r.randbytes(size), "application/pdf", "pdf"
        elif kind == "png":
            data, ctype, ext = b"\x89PNG\r\n\x1a\n" + self.r.randbytes(size), "image/png", "png"
        elif kind == "zip":
            data, ctype, ext = b"PK\x03\x04" + self.r.randbytes(size), "application/zip", "zip"
        elif kind == "csv":
            rows = ["date,item,amount"] + ["2024-%02d-%02d,%s,%d.%02d" % (self.r.randint(1, 12), self.r.randint(1, 28), self.pick(EN),
                                                                       self.r.randrange(10000), self.r.randrange(100)) for _ in range(max(1, size // 30))]
            data, ctype, ext = ("\r\n".join(rows) + "\r\n").encode(), "text/csv", "csv"
        else:
            data = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:%s\r\nDTSTART:20240312T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
                    % self.sentence("en")).encode()
            ctype, ext = "text/calendar", "ics"
        filename = "%s.%s" % (name_stem, ext)
        if all(ord(c) < 128 for c in filename):
            disp = 'attachment; filename="%s"' % filename
            ct = '%s; name="%s"' % (ctype, filename)
        else:   # RFC 2231, and the RFC 2047 name= that Outlook writes beside it
            from urllib.parse import quote
            disp = "attachment;\r\n filename*=utf-8''%s" % quote(filename)
            ct = '%s;\r\n name="%s"' % (ctype, self.encoded_word(filename))
        if ctype.startswith("text/"):
            head = "Content-Type: %s; charset=utf-8\r\nContent-Disposition: %s\r\nContent-Transfer-Encoding: 7bit\r\n" % (ct, disp)
            return head.encode() + b"\r\n" + data
        b64 = base64.encodebytes(data).replace(b"\n", b"\r\n")
        head = "Content-Type: %s\r\nContent-Disposition: %s\r\nContent-Transfer-Encoding: base64\r\n" % (ct, disp)
        return head.encode() + b"\r\n" + b64

    def multipart(self, subtype, parts, extra=""):
        boundary = "=_%s_%08x" % (subtype[:3], self.r.randrange(16 ** 8))
        out = b"Content-Type: multipart/%s; boundary=\"%s\"%s\r\n\r\n" % (subtype.encode(), boundary.encode(), extra.encode())
        if self.r.random() < 0.3:
            out += b"This is a multi-part message in MIME format.\r\n"
        for p in parts:
            out += b"\r\n--" + boundary.encode() + b"\r\n" + p
            if not p.endswith(b"\r\n"):
                out += b"\r\n"
        return out + b"\r\n--" + boundary.encode() + b"--\r\n"

    def message(self, i, nested=False):
        lang = self.weighted(LANG_WEIGHTS)
        _, _, charsets = LANGS[lang]
        charset = self.pick(charsets)
        shape = self.weighted([("plain", 30), ("flowed", 10), ("html", 10), ("alternative", 25), ("related", 5),
                               ("mixed", 15), ("forward", 2), ("large", 2), ("newsletter", 1)])
        if nested:
            shape = "plain"
        chars = int(min(30_000, max(150, self.r.lognormvariate(7.0, 0.9))))   # median ~1,100 characters of text
        head = self.headers(i, lang, lang if self.r.random() < 0.7 else "en")
        if shape in ("plain", "flowed"):
            flowed = shape == "flowed"
            body = self.text_part("plain", self.plain_body(lang, chars, flowed), charset,
                                  extra="; format=flowed" + ("; delsp=yes" if flowed and lang in ("ja", "zh") else "") if flowed else "")
        elif shape == "html":
            body = self.text_part("html", self.html_body(lang, chars), "utf-8")
        elif shape in ("alternative", "newsletter"):
            news = shape == "newsletter"
            size = min(chars * 20, 80_000) if news else chars
            body = self.multipart("alternative", [self.text_part("plain", self.plain_body(lang, size), charset),
                                                  self.text_part("html", self.html_body(lang, size, newsletter=news), "utf-8")])
        elif shape == "related":
            html = self.html_body(lang, chars).replace("</body>", '<img src="cid:logo.%d@example.com" alt="logo"></body>' % i)
            img = (b"Content-Type: image/png\r\nContent-ID: <logo.%d@example.com>\r\nContent-Disposition: inline\r\n"
                   b"Content-Transfer-Encoding: base64\r\n\r\n" % i) + base64.encodebytes(b"\x89PNG\r\n\x1a\n" + self.r.randbytes(3000)).replace(b"\n", b"\r\n")
            rel = self.multipart("related", [self.text_part("html", html, "utf-8"), img], '; type="text/html"')
            body = self.multipart("alternative", [self.text_part("plain", self.plain_body(lang, chars), charset), rel])
        elif shape in ("mixed", "large"):
            first = self.text_part("plain", self.plain_body(lang, chars), charset)
            if self.r.random() < 0.4:
                first = self.multipart("alternative", [first, self.text_part("html", self.html_body(lang, chars), "utf-8")])
            n = self.r.randint(1, 3) if shape == "mixed" else 1
            body = self.multipart("mixed", [first] + [self.attachment(large=shape == "large") for _ in range(n)])
        else:   # forward as attachment
            inner = self.message(i, nested=True)
            body = self.multipart("mixed", [self.text_part("plain", self.plain_body(lang, 300), charset),
                                            b"Content-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n" + inner])
        return ("\r\n".join(head) + "\r\n").encode() + body


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("maildir")
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    for d in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(a.maildir, d), exist_ok=True)
    g = Gen(a.seed)
    sizes = []
    for i in range(a.count):
        data = g.message(i)
        # Maildir (cur/, seen): one file a message, a unique name
        with open(os.path.join(a.maildir, "cur", "%d.M%dP1.bench:2,S" % (1704067200 + i, i)), "wb") as f:
            f.write(data)
        sizes.append(len(data))
    sizes.sort()
    print("messages=%d bytes=%d median=%d p90=%d max=%d over100k=%d"
          % (len(sizes), sum(sizes), sizes[len(sizes) // 2], sizes[len(sizes) * 9 // 10], sizes[-1],
             sum(1 for s in sizes if s >= 100_000)))


if __name__ == "__main__":
    main()
