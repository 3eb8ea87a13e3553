import { Alert } from 'antd';

/** A page's success message after an action, announced politely and closable. */
export function NoticeAlert({ notice, onClose }: { notice: string | null; onClose: () => void }) {
  if (!notice) {
    return null;
  }
  return (
    <Alert
      type="success"
      showIcon
      title={notice}
      className="auth-alert"
      role="status"
      closable={{ onClose }}
    />
  );
}
