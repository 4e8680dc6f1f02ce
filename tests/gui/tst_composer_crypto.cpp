// The composer's Sign and Encrypt (issue #6, points 1, 4): toggles in its
// toolbar remembered per identity, what the outbox receives (encrypted before
// it is queued, one copy per Bcc recipient), the warning naming recipients
// without a key before anything is queued (unencrypted only on the user's
// word), drafts stored encrypted, and "Attach My Key".
#include "ComposerCrypto.h"
#include "ComposerWindow.h"
#include "GnupgHome.h"
#include "crypto/KeyStore.h"
#include "store/AccountConfig.h"
#include "store/AutocryptPeers.h"
#include "store/Database.h"
#include "store/MessageStore.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <unistd.h>

using namespace tern;

namespace {
store::AccountConfig account(const QString &name, const QString &address)
{
    store::AccountConfig a;
    a.name = name;
    a.address = address;
    a.imap = net::ServerUrl::parse(QStringLiteral("imaps://%1@127.0.0.1:993").arg(name), net::Protocol::Imap).value();
    a.smtp = net::ServerUrl::parse(QStringLiteral("smtps://%1@127.0.0.1:465").arg(name), net::Protocol::Smtp).value();
    return a;
}

// Clicks `button` (an object name) in the next modal message box, and keeps its text.
void answerNextBox(const QString &button, QString *text)
{
    auto *timer = new QTimer;
    QObject::connect(timer, &QTimer::timeout, timer, [timer, button, text] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        *text = box->text();
        QAbstractButton *b = button.isEmpty() ? box->button(QMessageBox::Cancel) : box->findChild<QPushButton *>(button);
        if (b)
            b->click();
        timer->deleteLater();
    });
    timer->start(50);
}
} // namespace

class TestComposerCrypto : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<test::GnupgHome> m_home;
    std::unique_ptr<store::Database> m_db;
    QList<store::AccountConfig> m_accounts;

    QStringList outbox(QList<QByteArray> *raws = nullptr)
    {
        QStringList rows;
        auto q = m_db->exec(QStringLiteral("SELECT rcpts, raw, sent_copy FROM outbox ORDER BY id"));
        while (q && q.value().next()) {
            rows << q.value().value(0).toString().simplified() + QLatin1Char(' ') + q.value().value(2).toString();
            if (raws)
                *raws << q.value().value(1).toByteArray();
        }
        return rows;
    }

    // The outer header's Autocrypt field carries the sender's key as base64, in which
    // any short word ("Offer", "Bcc") turns up now and then: what must not leak is
    // looked for in everything else.
    static QByteArray withoutAutocrypt(const QByteArray &raw)
    {
        const qsizetype end = raw.indexOf("\r\n\r\n");
        QByteArray header = raw.left(end < 0 ? raw.size() : end + 2);
        const QByteArray rest = end < 0 ? QByteArray() : raw.mid(end + 2);
        for (qsizetype at = header.startsWith("Autocrypt:") ? 0 : header.indexOf("\nAutocrypt:"); at >= 0;
             at = header.indexOf("\nAutocrypt:")) {
            const qsizetype from = at == 0 && header.startsWith("Autocrypt:") ? 0 : at + 1;
            qsizetype to = header.indexOf('\n', from);
            while (to >= 0 && to + 1 < header.size() && (header.at(to + 1) == ' ' || header.at(to + 1) == '\t'))
                to = header.indexOf('\n', to + 1);
            header.remove(from, (to < 0 ? header.size() : to + 1) - from);
        }
        return header + rest;
    }

    std::unique_ptr<ui::ComposerWindow> window()
    {
        auto w = std::make_unique<ui::ComposerWindow>(*m_db, m_accounts);
        w->setAttribute(Qt::WA_DeleteOnClose, false);
        w->crypto()->setSettingsFile(m_dir.filePath(QStringLiteral("composer.ini")));
        return w;
    }

    void fill(ui::ComposerWindow &w, const QString &to, const QString &bcc = {})
    {
        w.findChild<QLineEdit *>(QStringLiteral("to"))->setText(to);
        w.findChild<QLineEdit *>(QStringLiteral("bcc"))->setText(bcc);
        w.findChild<QLineEdit *>(QStringLiteral("subject"))->setText(QStringLiteral("Offer"));
        w.findChild<QPlainTextEdit *>(QStringLiteral("body"))->setPlainText(QStringLiteral("We offer 5 M.\n"));
    }

private slots:
    void init() { m_db->exec(QStringLiteral("DELETE FROM outbox")); }   // one failure, one test

    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_home = std::make_unique<test::GnupgHome>();   // GNUPGHOME for this process
        for (const QString &who : {QStringLiteral("Alice <alice@example.test>"), QStringLiteral("Bob <bob@example.test>"), QStringLiteral("Carol <carol@example.test>")})
            QVERIFY2(!m_home->generateKey(who).isEmpty(), qPrintable(m_home->lastError()));
        auto db = store::Database::open(m_dir.filePath(QStringLiteral("cache.sqlite")));
        QVERIFY(db);
        m_db = std::move(db.value());
        m_accounts = {account(QStringLiteral("alice"), QStringLiteral("alice@example.test")), account(QStringLiteral("home"), QStringLiteral("al@home.example"))};
    }

    void encryptedSendQueuesCiphertextOnlyOneCopyPerBlindRecipient()
    {
        auto w = window();
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        auto *encrypt = w->findChild<QAction *>(QStringLiteral("encrypt"));
        auto *sign = w->findChild<QAction *>(QStringLiteral("sign"));
        QVERIFY(encrypt && sign && w->findChild<QAction *>(QStringLiteral("attachKey")));
        QVERIFY(!encrypt->isChecked());
        sign->setChecked(true);
        encrypt->setChecked(true);
        fill(*w, QStringLiteral("Bob <bob@example.test>"), QStringLiteral("carol@example.test"));
        const QString dir = qEnvironmentVariable("TERN_SCREENSHOT_DIR");
        if (!dir.isEmpty() && QDir().mkpath(dir))
            w->grab().save(dir + QStringLiteral("/composer-crypto.png"));
        QVERIFY2(w->send(), qPrintable(w->lastError()));
        QList<QByteArray> raws;
        QCOMPARE(outbox(&raws), (QStringList{QStringLiteral("bob@example.test local"), QStringLiteral("carol@example.test skip")}));
        for (const QByteArray &raw : raws) {
            QVERIFY2(raw.startsWith("Autocrypt: addr=alice@example.test;") || raw.contains("\nAutocrypt: addr=alice@example.test;"), raw.constData());
            const QByteArray shown = withoutAutocrypt(raw);
            QVERIFY2(!shown.contains("Autocrypt:"), shown.constData());
            QVERIFY2(shown.contains("multipart/encrypted") && !shown.contains("5 M") && !shown.contains("Offer") && !shown.contains("Bcc"), shown.constData());
        }
        m_db->exec(QStringLiteral("DELETE FROM outbox"));
    }

    void choiceIsKeptPerIdentity()
    {
        // The previous window left Sign and Encrypt on for alice.
        auto w = window();
        QVERIFY(w->crypto()->encrypt() && w->crypto()->sign());
        w->setDraft(mime::Draft{}, QStringLiteral("home"));
        QVERIFY(!w->crypto()->encrypt() && !w->crypto()->sign());
        w->setDraft(mime::Draft{}, QStringLiteral("alice"));
        QVERIFY(w->crypto()->encrypt());
        // A reply's default (encrypted, to answer encrypted mail) is not remembered as the identity's choice.
        w->findChild<QAction *>(QStringLiteral("encrypt"))->setChecked(false);
        w->crypto()->setEncrypt(true);
        QVERIFY(!window()->crypto()->encrypt());
        window()->findChild<QAction *>(QStringLiteral("encrypt"))->setChecked(true);
    }

    void recipientWithoutKeyIsNamedBeforeAnythingIsQueued()
    {
        auto w = window();
        w->show();
        QVERIFY(w->crypto()->encrypt());
        w->crypto()->setSign(false);
        fill(*w, QStringLiteral("bob@example.test, dave@example.test"));
        QString text;
        answerNextBox({}, &text);   // Cancel: back to the message
        QVERIFY(!w->send());
        QVERIFY2(text.contains(QLatin1String("dave@example.test")) && !text.contains(QLatin1String("bob@")), qPrintable(text));
        QCOMPARE(outbox(), QStringList{});
        // Only on the explicit choice does it go unencrypted.
        answerNextBox(QStringLiteral("sendUnencrypted"), &text);
        QVERIFY2(w->send(), qPrintable(w->lastError()));
        QList<QByteArray> raws;
        QCOMPARE(outbox(&raws), QStringList{QStringLiteral("bob@example.test dave@example.test local")});
        QVERIFY(raws.first().contains("5 M") && !raws.first().contains("multipart/encrypted"));
        m_db->exec(QStringLiteral("DELETE FROM outbox"));
    }

    void draftIsStoredEncrypted()
    {
        auto w = window();
        QVERIFY(w->crypto()->encrypt());
        fill(*w, QStringLiteral("bob@example.test"), QStringLiteral("carol@example.test"));
        QVERIFY2(w->saveDraft(), qPrintable(w->lastError()));
        auto q = m_db->exec(QStringLiteral("SELECT b.raw FROM messages m JOIN mailboxes x ON x.id = m.mailbox_id JOIN bodies b ON b.message_id = m.id "
                                           "WHERE x.name = 'Drafts'"));
        QVERIFY(q && q.value().next());
        const QByteArray raw = q.value().value(0).toByteArray();
        QVERIFY2(raw.contains("multipart/encrypted") && !raw.contains("5 M") && !raw.contains("carol") && !raw.contains("Offer"), raw.constData());
    }

    void attachMyKey()
    {
        auto w = window();
        w->crypto()->setEncrypt(false);
        w->crypto()->setSign(false);
        fill(*w, QStringLiteral("bob@example.test"));
        w->findChild<QAction *>(QStringLiteral("attachKey"))->trigger();
        auto *list = w->findChild<QListWidget *>(QStringLiteral("attachments"));
        QCOMPARE(list->count(), 1);
        QVERIFY2(list->item(0)->text().startsWith(QLatin1String("OpenPGP_0x")), qPrintable(list->item(0)->text()));
        QVERIFY2(w->send(), qPrintable(w->lastError()));
        QList<QByteArray> raws;
        outbox(&raws);
        QCOMPARE(raws.size(), 1);
        QVERIFY(raws.first().contains("Content-Type: application/pgp-keys"));
        QVERIFY(raws.first().contains("BEGIN PGP PUBLIC KEY BLOCK") || raws.first().contains("LS0tLS1CRUdJTiBQR1AgUFVCTElDIEtFWSBCTE9DSy0tLS0t"));
    }

    // Autocrypt (§2.4): Encrypt switches on by itself when every recipient has a
    // key and wants encryption, and off again when one has none; a recipient
    // whose only key came in their mail's Autocrypt header is encrypted to only
    // after the user agrees to import it.
    void autocryptRecommendsAndAsksBeforeImporting()
    {
        QByteArray erinKey;
        QString erinFpr;
        {
            test::GnupgHome erin;   // GNUPGHOME is erin's until the end of this block
            erinFpr = erin.generateKey(QStringLiteral("Erin <erin@example.test>"));
            QVERIFY(!erinFpr.isEmpty());
            QCOMPARE(erin.gpg({QStringLiteral("--export"), erinFpr}, &erinKey), 0);
        }
        QByteArray b64 = erinKey.toBase64();
        for (qsizetype at = 70; at < b64.size(); at += 73)
            b64.insert(at, "\r\n ");
        QVERIFY(store::MessageStore(*m_db).insert(QStringLiteral("alice"), QStringLiteral("INBOX"),
            "From: Erin <erin@example.test>\r\nTo: alice@example.test\r\nDate: " + QDateTime::currentDateTimeUtc().toString(Qt::RFC2822Date).toLatin1() +
            "\r\nAutocrypt: addr=erin@example.test; prefer-encrypt=mutual; keydata=" + b64 + "\r\nSubject: hi\r\n\r\nhi\r\n").ok());
        auto erinInKeyring = [] { return crypto::listKeys(crypto::Protocol::OpenPgp, QStringLiteral("<erin@example.test>")).value().size(); };
        QCOMPARE(erinInKeyring(), 0);

        auto w = window();
        w->show();
        auto *encrypt = w->findChild<QAction *>(QStringLiteral("encrypt"));
        auto *hint = w->findChild<QLabel *>(QStringLiteral("encryptionHint"));
        QVERIFY(hint);
        encrypt->setChecked(false);   // alice's own default: off
        w->crypto()->setSign(false);
        // bob: a valid key in the keyring. On by itself.
        fill(*w, QStringLiteral("bob@example.test"));
        QTRY_COMPARE(w->crypto()->recommendation(), crypto::Recommendation::Encrypt);
        QVERIFY(encrypt->isChecked());
        QVERIFY2(hint->text().contains(QLatin1String("recommended")), qPrintable(hint->text()));
        // dave has no key at all: off again, and the line says why.
        fill(*w, QStringLiteral("bob@example.test, dave@example.test"));
        QTRY_COMPARE(w->crypto()->recommendation(), crypto::Recommendation::Disable);
        QVERIFY(!encrypt->isChecked());
        QVERIFY2(hint->text().contains(QLatin1String("key")), qPrintable(hint->text()));
        // erin: only her Autocrypt key, mutual like Tern: on, her key still outside the keyring.
        fill(*w, QStringLiteral("Erin <erin@example.test>"));
        QTRY_COMPARE(w->crypto()->recommendation(), crypto::Recommendation::Encrypt);
        QVERIFY(encrypt->isChecked());
        QCOMPARE(erinInKeyring(), 0);
        QVERIFY(hint->isVisible());
        if (const QString dir = qEnvironmentVariable("TERN_SCREENSHOT_DIR"); !dir.isEmpty() && QDir().mkpath(dir))
            w->grab().save(dir + QStringLiteral("/composer-autocrypt.png"));
        // Sending asks first; declining goes on to the missing-key warning, and nothing is imported or queued.
        QString text;
        answerNextBox({}, &text);
        QTimer::singleShot(600, this, [] { answerNextBox({}, new QString); });
        QVERIFY(!w->send());
        QVERIFY2(text.contains(QLatin1String("erin@example.test")) && text.contains(erinFpr), qPrintable(text));
        QCOMPARE(erinInKeyring(), 0);
        QCOMPARE(outbox(), QStringList{});
        // Agreeing imports her key and sends encrypted.
        answerNextBox(QStringLiteral("importAutocrypt"), &text);
        QVERIFY2(w->send(), qPrintable(w->lastError()));
        QCOMPARE(erinInKeyring(), 1);
        QList<QByteArray> raws;
        QCOMPARE(outbox(&raws), QStringList{QStringLiteral("erin@example.test local")});
        const QByteArray shown = withoutAutocrypt(raws.first());
        QVERIFY2(shown.contains("multipart/encrypted") && !shown.contains("5 M"), shown.constData());
        // Her key is imported, not trusted: the keyring still does not call it valid.
        const auto keys = crypto::listKeys(crypto::Protocol::OpenPgp, QStringLiteral("<erin@example.test>")).value();
        QVERIFY(keys.first().userIds.first().validity != QLatin1String("full") && keys.first().userIds.first().validity != QLatin1String("ultimate"));
        QCOMPARE(store::AutocryptPeers(*m_db).find(QStringLiteral("alice"), QStringLiteral("erin@example.test")).value()->acceptedFingerprint, erinFpr);
        m_db->exec(QStringLiteral("DELETE FROM outbox"));
    }
};

int main(int argc, char **argv)
{
    if (::geteuid() == 0)
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    QApplication app(argc, argv);
    TestComposerCrypto t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_composer_crypto.moc"
