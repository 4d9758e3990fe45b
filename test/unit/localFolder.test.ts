import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { backendLabel, definesModelClass, folderOfWsgi, modelModuleFile, readWsgi } from '../../src/core/local/backendFolder';
import { parseYamlText, readCompose, interpolate } from '../../src/core/local/compose';
import { gitignoreCovers, parseDotenv, setDotenvValue } from '../../src/core/local/dotenv';
import { backendEnvironment, displayValue, effective } from '../../src/core/local/environment';
import { sdkAge } from '../../src/core/local/sdkVersion';
import { fixtureWorkspace } from '../fake';

const fixture = (name: string) => fs.readFileSync(path.join(fixtureWorkspace(), 'my_ml_backend', name), 'utf8');

describe('local backends: what a backend folder is', () => {
  it('reads the class and its module from a label-studio-ml create _wsgi.py, and confirms the class', () => {
    const facts = readWsgi(fixture('_wsgi.py'));
    assert.deepEqual(facts, { modelClass: 'NewModel', modelModule: 'model', legacy: false });
    assert.equal(modelModuleFile(facts!), 'model.py');
    assert.equal(definesModelClass(fixture('model.py'), 'NewModel'), true);
    assert.equal(definesModelClass(fixture('model.py'), 'OtherModel'), false);
  });

  it('other module names, pre-2.0 init_app arguments, and files that only look alike', () => {
    const dino =
      'from label_studio_ml.api import init_app\nfrom dino import DINOBackend\napp = init_app(model_class=DINOBackend, model_dir="/m", redis_queue="q")\n';
    assert.deepEqual(readWsgi(dino), { modelClass: 'DINOBackend', modelModule: 'dino', legacy: true });
    assert.equal(readWsgi('from flask import Flask\napp = Flask(__name__)\n'), undefined, 'a plain Flask app');
    assert.equal(readWsgi('# from label_studio_ml.api import init_app\ninit_app(model_class=X)\n'), undefined, 'a comment is no import');
    assert.equal(readWsgi('from label_studio_ml.api import init_app\n'), undefined, 'no init_app(model_class=…) call');
  });

  it('names rows by their path inside the workspace folder', () => {
    assert.equal(folderOfWsgi('/ws/backends/yolo/_wsgi.py'), '/ws/backends/yolo');
    assert.equal(backendLabel('/ws/backends/yolo', '/ws'), 'backends/yolo');
    assert.equal(backendLabel('/ws', '/ws'), 'ws');
    assert.equal(backendLabel('C:\\ws\\yolo', 'C:\\ws'), 'yolo');
  });
});

describe('local backends: .env and compose files', () => {
  it('parses .env like docker compose: quotes, comments, export, multi-line double quotes', () => {
    const env = parseDotenv('# c\nexport A=1\nB = "two # not a comment"\nC=three # comment\nD=\'x y\'\nE="l1\nl2"\nbad line\nF=\n');
    assert.deepEqual(env, { A: '1', B: 'two # not a comment', C: 'three', D: 'x y', E: 'l1\nl2', F: '' });
  });

  it('sets a value without touching other lines, and knows when .gitignore covers .env', () => {
    assert.equal(
      setDotenvValue('A=1\nLABEL_STUDIO_API_KEY=old\nB=2\n', 'LABEL_STUDIO_API_KEY', 'new'),
      'A=1\nLABEL_STUDIO_API_KEY=new\nB=2\n',
    );
    assert.equal(setDotenvValue('A=1', 'K', 'v w'), 'A=1\nK="v w"\n');
    assert.equal(gitignoreCovers('node_modules\n.env\n', '.env'), true);
    assert.equal(gitignoreCovers('node_modules\n.envrc\n', '.env'), false);
  });

  it('reads the fixture compose file: the ML service, its environment and published port', async () => {
    const facts = readCompose(await parseYamlText(fixture('docker-compose.yml')));
    assert.equal(facts?.serviceName, 'ml-backend');
    assert.deepEqual(facts?.ports, [{ host: 9090, container: 9090 }]);
    assert.equal(facts?.environment.LABEL_STUDIO_URL, '');
    assert.equal(facts?.environment.MODEL_DIR, '/data/models');
    assert.equal(facts?.labelStudioService, undefined);
  });

  it('interpolates ${VAR} from .env, finds a Label Studio service, maps ports', async () => {
    const doc = await parseYamlText(
      [
        'services:',
        '  label-studio:',
        '    image: heartexlabs/label-studio:latest',
        '  yolo:',
        '    build: .',
        '    environment:',
        '      LABEL_STUDIO_URL: ${LS_URL:-http://label-studio:8080}',
        '      LABEL_STUDIO_API_KEY: ${KEY}',
        '      PORT: 9091',
        '    ports: ["127.0.0.1:${HOST_PORT}:9091/tcp"]',
      ].join('\n'),
    );
    const facts = readCompose(doc, { KEY: 'abc', HOST_PORT: '19091' });
    assert.equal(facts?.serviceName, 'yolo');
    assert.equal(facts?.labelStudioService, 'label-studio');
    assert.deepEqual(facts?.environment, { LABEL_STUDIO_URL: 'http://label-studio:8080', LABEL_STUDIO_API_KEY: 'abc', PORT: '9091' });
    const env = backendEnvironment({ mode: 'docker', compose: facts, dotenv: {} });
    assert.equal(env.port, 19091);
    assert.equal(interpolate('$$x ${A-d} ${B:-d}', { A: '', B: '' }), '$x  d');
  });

  it('a compose file that is not one document, or expands too many aliases, is refused (no facts)', async () => {
    const aliases = (n: number) => ['x-env: &env {PORT: "9090"}', 'services:', ...Array.from({ length: n }, (_, i) => `  s${i}: *env`)];
    const fifty = readCompose(await parseYamlText(aliases(50).join('\n')));
    assert.equal(fifty?.serviceName, 's0', '50 aliases are read');
    await assert.rejects(parseYamlText(aliases(101).join('\n')), /alias/i, 'more than 100 aliases (a "billion laughs" file)');
    await assert.rejects(parseYamlText(''), 'an empty file');
    await assert.rejects(parseYamlText('services: {a: {}}\n---\nservices: {b: {}}\n'), 'two documents');
    await assert.rejects(parseYamlText('services:\n  a: {}\n  a: {}\n'), /duplicat/i, 'a key twice');
  });

  it('the environment comes from .env for Python and from compose for Docker; keys are masked', async () => {
    const compose = readCompose(await parseYamlText(fixture('docker-compose.yml')));
    const dotenv = { LABEL_STUDIO_URL: 'http://localhost:8080', LABEL_STUDIO_API_KEY: 'a'.repeat(40), PORT: '9200' };
    const python = backendEnvironment({ mode: 'python', compose, dotenv });
    assert.equal(effective(python, 'url')?.value, 'http://localhost:8080');
    assert.equal(python.port, 9200);
    const docker = backendEnvironment({ mode: 'docker', compose, dotenv });
    assert.equal(effective(docker, 'url'), undefined, 'compose sets it empty');
    assert.equal(docker.port, 9090);
    assert.equal(displayValue('LABEL_STUDIO_API_KEY', 'a'.repeat(40)), '•••••••• (legacy API token)');
    assert.ok(!displayValue('BASIC_AUTH_PASS', 'hunter2').includes('hunter2'));
    assert.equal(displayValue('LABEL_STUDIO_URL', 'http://x'), 'http://x');
  });

  it('tells an ML SDK new enough for personal access tokens from an old pin', () => {
    assert.equal(sdkAge([fixture('requirements-base.txt')]).kind, 'current');
    assert.equal(sdkAge(['label-studio-ml==1.0.9']).kind, 'too-old');
    assert.equal(sdkAge(['label-studio-ml<2.1']).kind, 'too-old');
    assert.equal(sdkAge(['label-studio-ml @ git+https://github.com/HumanSignal/label-studio-ml-backend.git@abc123']).kind, 'pinned');
    assert.equal(sdkAge(['torch==2.0']).kind, 'unknown');
  });
});
