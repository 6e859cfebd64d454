#!/usr/bin/env python3
"""Writes one hostile input for tests/hostile/run.sh.

    generate.py CASE OUTPUT [SECRET_DIR]

The large inputs (a 40 MB attribute, 200,000 nested elements, ...) are
made here at test time rather than kept in the repository. SECRET_DIR is
a directory outside the checked one holding secret.txt, secret.dtd and
secret.xsl, which the inputs try to pull in; the default is a relative
"../outside" so that the small inputs can also serve as fuzz seeds.
"""
import random
import sys

RECORD_NS = 'urn:orgcheck:record:1'
SOURCE = '000_6c5c9fcde8bb1e01.txt'
DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'


def record(body='', id_='x', attributes=''):
    """A valid organization record (named x.xml in the battery)."""
    return ('<organization xmlns="%s" id="%s"%s>\n'
            '  <name source="%s">Hostile Organization</name>\n%s'
            '</organization>\n' % (RECORD_NS, id_, attributes, SOURCE, body))


def doctype(subset, name='organization'):
    return DECL + '<!DOCTYPE %s [\n%s]>\n' % (name, subset) + record(
        '  <description source="%s">&x;</description>\n' % SOURCE)


def billion_laughs():
    lines = ['  <!ENTITY x0 "lol">\n']
    for i in range(1, 10):
        lines.append('  <!ENTITY x%d "%s">\n' % (i, ('&x%d;' % (i - 1)) * 10))
    lines.append('  <!ENTITY x "&x9;">\n')
    return doctype(''.join(lines))


def quadratic_blowup():
    # One 100,000-character entity referenced 100,000 times: 10 GB if
    # expanded, from a file of 700 KB.
    return (DECL + '<!DOCTYPE organization [\n  <!ENTITY a "%s">\n]>\n' % ('a' * 100000)
            + record('  <description source="%s">%s</description>\n' % (SOURCE, '&a;' * 100000)))


def main():
    case = sys.argv[1]
    out = sys.argv[2]
    secret = sys.argv[3] if len(sys.argv) > 3 else '../outside'
    file_url = ('file://' + secret) if secret.startswith('/') else secret
    rng = random.Random(7)
    data = None

    if case == 'xxe-file':
        data = doctype('  <!ENTITY x SYSTEM "%s/secret.txt">\n' % file_url)
    elif case == 'xxe-relative':
        data = doctype('  <!ENTITY x SYSTEM "../outside/secret.txt">\n')
    elif case == 'xxe-network':
        data = doctype('  <!ENTITY x SYSTEM "http://127.0.0.1:9/secret.txt">\n')
    elif case == 'parameter-entity':
        data = doctype('  <!ENTITY %% p SYSTEM "%s/secret.dtd">\n  %%p;\n' % file_url)
    elif case == 'external-dtd':
        data = (DECL + '<!DOCTYPE organization SYSTEM "%s/secret.dtd">\n' % file_url
                + record('  <description source="%s">&x;</description>\n' % SOURCE))
    elif case == 'external-dtd-network':
        data = (DECL + '<!DOCTYPE organization PUBLIC "-//Hostile//DTD//EN" '
                '"http://127.0.0.1:9/record.dtd">\n' + record())
    elif case == 'xinclude':
        data = DECL + record(
            '  <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="%s/secret.txt" '
            'parse="text"/>\n' % file_url)
    elif case == 'xinclude-network':
        data = DECL + record(
            '  <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
            'href="http://127.0.0.1:9/secret.xml"/>\n')
    elif case == 'xml-stylesheet':
        data = (DECL + '<?xml-stylesheet type="text/xsl" href="%s/secret.xsl"?>\n' % file_url
                + record())
    elif case == 'billion-laughs':
        data = billion_laughs()
    elif case == 'quadratic-blowup':
        data = quadratic_blowup()
    elif case == 'deep-nesting':
        n = 200000
        data = DECL + record('<description>' * n + '</description>' * n)
    elif case == 'deep-nesting-5000':
        n = 5000
        data = DECL + record('<description>' * n + '</description>' * n)
    elif case == 'attribute-40mb':
        data = DECL + record(attributes=' note="%s"' % ('v' * (40 * 1000 * 1000)))
    elif case == 'attribute-15mb':
        data = DECL + record(attributes=' note="%s"' % ('v' * (15 * 1000 * 1000)))
    elif case == 'attributes-100000':
        data = DECL + record(attributes=''.join(' a%d=""' % i for i in range(100000)))
    elif case == 'attributes-1001':
        data = DECL + record(attributes=''.join(' a%d=""' % i for i in range(999)))
    elif case == 'attributes-total':
        tag = '<description' + ''.join(' a%d=""' % i for i in range(999)) + '/>\n'
        data = DECL + record(tag * 250)
    elif case == 'siblings-500000':
        data = DECL + record('<description/>' * 500000)
    elif case == 'namespaces-5000':
        data = DECL + record(''.join('<x xmlns:q%d="urn:q%d"/>' % (i, i) for i in range(4200)),
                             attributes=''.join(' xmlns:p%d="urn:p%d"' % (i, i) for i in range(800)))
    elif case == 'name-1000000':
        data = DECL + record('<' + 'n' * 1000000 + '/>\n')
    elif case == 'invalid-utf8':
        text = DECL + record('  <description source="%s">caf@</description>\n' % SOURCE)
        data = text.encode().replace(b'@', b'\xe9 \xc3\x28 \xf8\x88\x80\x80\x80')
    elif case == 'nul-bytes':
        data = DECL.encode() + b'<organization xmlns="urn:orgcheck:record:1" id="x">\x00\x00' + \
            b'<name>\x00</name></organization>\n'
    elif case == 'empty':
        data = b''
    elif case == 'binary':
        data = bytes(rng.getrandbits(8) for _ in range(4096))
    elif case == 'truncated':
        data = (DECL + record('  <description source="%s">cut here</description>\n' % SOURCE))[:-60]
    elif case == 'utf16-bom':
        data = b'\xff\xfe' + (DECL.replace('UTF-8', 'UTF-16') + record(
            '  <description source="%s">caf\u00e9 \U0001F600</description>\n' % SOURCE)).encode('utf-16-le')
    elif case == 'utf16-invalid':
        text = DECL.replace('UTF-8', 'UTF-16') + record('  <description source="%s">X</description>\n' % SOURCE)
        cut = text.index('X</description>') + 1
        data = b'\xff\xfe' + text[:cut].encode('utf-16-le') + b'\x00\xd8\x41\x00' + \
            text[cut:].encode('utf-16-le')
    elif case == 'utf16-declares-latin1':
        data = b'\xfe\xff' + (DECL.replace('UTF-8', 'ISO-8859-1') + record()).encode('utf-16-be')
    elif case == 'unknown-encoding':
        data = DECL.replace('UTF-8', 'X-HOSTILE-7') + record()
    elif case == 'script-in-text':
        data = DECL + record(
            '  <other-names>\n    <name kind="alias" source="%s">&lt;/title&gt;&lt;script&gt;'
            'alert(3)&lt;/script&gt;</name>\n'
            # A slip of the initials of 'Hostile Test Organization', so that
            # OC152 reports the record and quotes its names, the script among them.
            '    <name kind="alias" source="%s">Hostile Test Organization</name>\n'
            '    <name kind="acronym" source="%s">HTP</name>\n  </other-names>\n'
            '  <description source="%s">&lt;script&gt;alert("ORGCHECK-XSS")&lt;/script&gt;'
            '&lt;img src=x onerror=alert(1)&gt; &quot;&gt;&lt;svg onload=alert(2)&gt;</description>\n'
            % (SOURCE, SOURCE, SOURCE, SOURCE))
    else:
        sys.exit('generate.py: unknown case ' + case)
    with open(out, 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())


main()
