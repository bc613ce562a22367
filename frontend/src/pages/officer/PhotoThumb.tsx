// A photo kept on the tablet (a Blob in IndexedDB), shown through an object
// URL that is released when the thumbnail goes.

import { useEffect, useState } from 'preact/hooks';

export function PhotoThumb({ blob, alt }: { blob: Blob; alt: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const u = URL.createObjectURL(blob);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [blob]);
  return url ? <img class="photo-thumb" src={url} alt={alt} /> : <span class="photo-thumb" />;
}
