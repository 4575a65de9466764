// Placeholder entry so the add-in build runs; the task pane's real code replaces this file.
Office.onReady(() => {});
