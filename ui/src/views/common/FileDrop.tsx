import { useEffect, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { InboxOutlined } from '@ant-design/icons';
import '../import/import.css';

const carriesFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

/**
 * Files dragged from the desktop onto a screen: a dashed frame while they
 * hover, `onFiles` when they are dropped. Text and other drags pass through.
 */
export function FileDropArea({
  enabled,
  label,
  onFiles,
  children,
}: {
  enabled: boolean;
  label: string;
  onFiles: (files: File[]) => void;
  children: ReactNode;
}) {
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed; count them.
  const depth = useRef(0);
  // A file that misses the area must not make the browser open it in
  // place of the app (and lose what is on screen).
  useEffect(() => {
    if (!enabled) return;
    const keep = (e: globalThis.DragEvent) => {
      if (Array.from(e.dataTransfer?.types ?? []).includes('Files')) e.preventDefault();
    };
    window.addEventListener('dragover', keep);
    window.addEventListener('drop', keep);
    return () => {
      window.removeEventListener('dragover', keep);
      window.removeEventListener('drop', keep);
    };
  }, [enabled]);
  if (!enabled) return <>{children}</>;
  return (
    <div
      className="zp-filedrop"
      data-testid="file-drop-area"
      onDragEnter={(e) => {
        if (!carriesFiles(e)) return;
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(e) => {
        if (!carriesFiles(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(e) => {
        if (!carriesFiles(e)) return;
        depth.current = 0;
        setOver(false);
        // Already taken by a drop zone inside (the import screen's own).
        if (e.isDefaultPrevented() || e.nativeEvent.defaultPrevented) return;
        e.preventDefault();
        const files = Array.from(e.dataTransfer.files);
        if (files.length) onFiles(files);
      }}
    >
      {children}
      {over && (
        <div className="zp-filedrop-mask">
          <InboxOutlined style={{ fontSize: 40 }} />
          <span>{label}</span>
        </div>
      )}
    </div>
  );
}
