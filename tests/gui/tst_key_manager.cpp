// Tools → Keys… (issue #6, point 1): the keys and certificates listed with
// validity, trust, expiry and user IDs; search; an import shown before it
// happens and never trusting the key; the public key exported.
#include "GnupgHome.h"
#include "KeyManager.h"

#include <QAbstractButton>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSet>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>
#include <unistd.h>

using namespace tern;

namespace {
// Clicks `button` (an object name; empty: Cancel) in the next modal message box, and keeps its texts.
void answerNextBox(const QString &button, QString *text)
{
    auto *timer = new QTimer;
    QObject::connect(timer, &QTimer::timeout, timer, [timer, button, text] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        *text = box->text() + QLatin1Char('\n') + box->informativeText();
        const QString dir = qEnvironmentVariable("TERN_SCREENSHOT_DIR");
        if (!dir.isEmpty() && QDir().mkpath(dir))
            box->grab().save(dir + QStringLiteral("/key-import-preview.png"));
        QAbstractButton *b = button.isEmpty() ? box->button(QMessageBox::Cancel) : box->findChild<QPushButton *>(button);
        if (b)
            b->click();
        timer->deleteLater();
    });
    timer->start(50);
}

QStringList column(QTreeWidget *tree, int c)
{
    QStringList out;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        if (!tree->topLevelItem(i)->isHidden())
            out << tree->topLevelItem(i)->text(c);
    return out;
}
} // namespace

class TestKeyManager : public QObject {
    Q_OBJECT
private slots:
    void listsSearchesImportsAndExports()
    {
        QByteArray erinKey;
        QString erinFpr;
        {
            test::GnupgHome other;
            erinFpr = other.generateKey(QStringLiteral("Erin <erin@example.test>"));
            QCOMPARE(other.gpg({QStringLiteral("--armor"), QStringLiteral("--export"), erinFpr}, &erinKey), 0);
        }
        test::GnupgHome home;   // GNUPGHOME for this process from here
        const QString aliceFpr = home.generateKey(QStringLiteral("Alice <alice@example.test>"));
        QVERIFY(!aliceFpr.isEmpty());
        QCOMPARE(home.gpg({QStringLiteral("--pinentry-mode"), QStringLiteral("loopback"), QStringLiteral("--passphrase"), QString(),
                           QStringLiteral("--quick-add-uid"), aliceFpr, QStringLiteral("Alice at work <alice@work.example>")}), 0);

        ui::KeyManager keys;
        keys.show();
        QVERIFY(QTest::qWaitForWindowExposed(&keys));
        auto *tree = keys.findChild<QTreeWidget *>(QStringLiteral("keys"));
        QVERIFY(tree);
        QCOMPARE(tree->topLevelItemCount(), 1);
        QTreeWidgetItem *alice = tree->topLevelItem(0);
        QCOMPARE(alice->text(5), aliceFpr);
        QVERIFY(alice->text(1).startsWith(QLatin1String("ultimate")));
        QVERIFY(alice->text(4).contains(QLatin1String("yours")));
        QCOMPARE(alice->childCount(), 1);   // the second user ID
        QCOMPARE((QSet<QString>{alice->text(0), alice->child(0)->text(0)}),
                 (QSet<QString>{QStringLiteral("Alice <alice@example.test>"), QStringLiteral("Alice at work <alice@work.example>")}));

        // Import: shown first; Cancel imports nothing.
        QString shown;
        answerNextBox({}, &shown);
        QVERIFY(!keys.importData(erinKey, false));
        QVERIFY2(shown.contains(QLatin1String("New key: ") + erinFpr) && shown.contains(QLatin1String("Erin <erin@example.test>")) &&
                     shown.contains(QLatin1String("trusted")), qPrintable(shown));
        QCOMPARE(tree->topLevelItemCount(), 1);
        // Import: imported on the user's word, and not trusted.
        answerNextBox(QStringLiteral("importConfirm"), &shown);
        QVERIFY(keys.importData(erinKey, false));
        QCOMPARE(tree->topLevelItemCount(), 2);
        QVERIFY2(keys.status().contains(QLatin1String("1 new")), qPrintable(keys.status()));
        QTreeWidgetItem *erin = tree->findItems(erinFpr, Qt::MatchExactly, 5).value(0);
        QVERIFY(erin);
        QCOMPARE(erin->text(1), QStringLiteral("unknown"));
        QCOMPARE(erin->text(2), QStringLiteral("unknown"));
        QVERIFY(!erin->text(4).contains(QLatin1String("yours")));

        // Search by address, by a second user ID, by fingerprint.
        auto *search = keys.findChild<QLineEdit *>(QStringLiteral("search"));
        search->setText(QStringLiteral("erin@"));
        QCOMPARE(column(tree, 5), QStringList{erinFpr});
        search->setText(QStringLiteral("work.example"));
        QCOMPARE(column(tree, 5), QStringList{aliceFpr});
        search->setText(aliceFpr.right(8).toLower());
        QCOMPARE(column(tree, 5), QStringList{aliceFpr});
        search->clear();
        QCOMPARE(tree->topLevelItemCount(), 2);
        const QString dir = qEnvironmentVariable("TERN_SCREENSHOT_DIR");
        if (!dir.isEmpty() && QDir().mkpath(dir))
            keys.grab().save(dir + QStringLiteral("/key-manager.png"));

        // Export: the selected key's public part.
        QVERIFY(!keys.exportSelected());
        alice = tree->findItems(aliceFpr, Qt::MatchExactly, 5).value(0);   // the import listed the keys again
        QVERIFY(alice);
        tree->setCurrentItem(alice->child(0));
        const auto exported = keys.exportSelected();
        QVERIFY(exported && exported.value().startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----"));
        keys.findChild<QPushButton *>(QStringLiteral("copyKey"))->click();
        QVERIFY(QApplication::clipboard()->text().startsWith(QLatin1String("-----BEGIN PGP PUBLIC KEY BLOCK-----")));

        // Noise is not offered for import at all.
        QVERIFY(!keys.importData("not a key at all", false));
        QVERIFY(keys.status().startsWith(QLatin1String("Nothing to import")));
    }

    // Find Key for Address… (WKD, tested against a real directory in tst_wkd): the
    // key manager says why nothing came, and nothing changes.
    void findKeyForAddressSaysWhyNothingCame()
    {
        test::GnupgHome home;
        QFile conf(home.path() + QStringLiteral("/dirmngr.conf"));
        QVERIFY(conf.open(QIODevice::WriteOnly));
        conf.write("http-proxy http://127.0.0.1:9\n");   // nothing listens there: the lookup fails at once, offline
        conf.close();
        ui::KeyManager keys;
        QVERIFY(keys.findChild<QPushButton *>(QStringLiteral("locate")));
        QVERIFY(!keys.locate(QStringLiteral("not an address")));
        QVERIFY2(keys.status().contains(QLatin1String("not an e-mail address")), qPrintable(keys.status()));
        QVERIFY(!keys.locate(QStringLiteral("bob@example.test")));
        QVERIFY2(keys.status().contains(QLatin1String("bob@example.test")), qPrintable(keys.status()));
        QCOMPARE(keys.findChild<QTreeWidget *>(QStringLiteral("keys"))->topLevelItemCount(), 0);
        QProcess::execute(QStringLiteral("gpgconf"), {QStringLiteral("--homedir"), home.path(), QStringLiteral("--kill"), QStringLiteral("dirmngr")});
    }
};

int main(int argc, char **argv)
{
    if (::geteuid() == 0)
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    QApplication app(argc, argv);
    TestKeyManager t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_key_manager.moc"
