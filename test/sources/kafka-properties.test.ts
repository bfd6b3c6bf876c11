import { describe, expect, it } from 'vitest';
import { parseProperties, replicationSettings } from '../../src/sources/common/kafka-properties.js';
import { Unknown } from '../../src/graph/values.js';

describe('MSK server properties (src/sources/common/kafka-properties.ts)', () => {
  it('reads key=value, key = value and key: value lines, skipping comments; the last line wins', () => {
    const p = parseProperties('# replication\n! legacy comment\ndefault.replication.factor = 2\nmin.insync.replicas: 1\n\ndefault.replication.factor=3\r\n');
    expect(p.get('default.replication.factor')).toBe('3');
    expect(p.get('min.insync.replicas')).toBe('1');
    expect(p.size).toBe(2);
  });

  it('leaves a property the text does not set absent (MSK default configuration)', () => {
    expect(replicationSettings('auto.create.topics.enable=false\n', 'cfg')).toEqual({ replicationFactor: undefined, minInsyncReplicas: undefined });
    expect(replicationSettings(undefined, 'cfg')).toEqual({ replicationFactor: undefined, minInsyncReplicas: undefined });
  });

  it('makes a value that is not a whole number unknown, naming where it is written', () => {
    const s = replicationSettings('default.replication.factor=three\nmin.insync.replicas=2', 'aws_msk_configuration.x');
    expect(s.minInsyncReplicas).toBe(2);
    expect(s.replicationFactor).toBeInstanceOf(Unknown);
    expect((s.replicationFactor as Unknown).reason).toContain('"three" in aws_msk_configuration.x');
  });

  it('makes both settings unknown when the text is', () => {
    const s = replicationSettings(new Unknown('variable props has no value'), 'cfg');
    expect((s.replicationFactor as Unknown).reason).toContain('variable props has no value');
    expect((s.minInsyncReplicas as Unknown).reason).toContain('variable props has no value');
  });
});
