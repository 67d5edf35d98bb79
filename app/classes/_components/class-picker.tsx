'use client';
/**
 * For the host console: pick the class a new game runs in. Lists the classes
 * with the instructor key kept by the reports pages (localStorage
 * `gradflow.instructorKey`); preselects the `?class=<id>` the reports page
 * links to (/host?class=<id>). The host passes the choice to `host:create`
 * as `{ classId, instructorKey }`; null means a game outside any class.
 */
import { useEffect, useState } from 'react';
import type { ClassListResponse } from '@/engine/reports';
import { apiJson } from '../../reports/_lib/fetch-json';
import { loadInstructorKey } from '../../reports/_lib/instructor-key';
import '../../reports/_lib/reports.css';

/** What the host sends with host:create. */
export interface ClassChoice {
  readonly classId: string;
  readonly instructorKey: string;
}

/** The `class` query parameter of the current page, if any. */
export function classFromQuery(): string | null {
  try {
    return new URLSearchParams(window.location.search).get('class');
  } catch {
    return null;
  }
}

export function ClassPicker({ onChange }: { onChange: (choice: ClassChoice | null) => void }) {
  const [classes, setClasses] = useState<ClassListResponse['classes'] | null>(null);
  const [key, setKey] = useState<string | null>(null);
  const [selected, setSelected] = useState('');

  useEffect(() => {
    const stored = loadInstructorKey();
    setKey(stored);
    if (!stored) return;
    void apiJson<ClassListResponse>('/api/classes', stored).then((res) => {
      if (!res.ok) return setClasses([]);
      setClasses(res.data.classes);
      const wanted = classFromQuery();
      if (wanted && res.data.classes.some((c) => c.id === wanted)) {
        setSelected(wanted);
        onChange({ classId: wanted, instructorKey: stored });
      }
    });
    // Once on mount: the list and the query's class (onChange is the host's callback, not a trigger).
  }, []);

  if (!key) {
    return (
      <p className="rp-muted" data-testid="class-picker">
        To run the game in a class (one leaderboard over the term), open <a href="/reports">Reports</a> once with the instructor key.
      </p>
    );
  }
  return (
    <label className="rp-class-picker" data-testid="class-picker">
      <span>Class</span>{' '}
      <select
        value={selected}
        onChange={(e) => {
          setSelected(e.target.value);
          onChange(e.target.value ? { classId: e.target.value, instructorKey: key } : null);
        }}
      >
        <option value="">No class (a one-off game)</option>
        {(classes ?? []).map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}
