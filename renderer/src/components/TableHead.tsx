// The header row of a data table, with scope="col" on every column header. `withAction` adds a last
// column for per-row buttons, and its header text is visible to screen readers only.
export function TableHead(props: { columns: string[]; withAction?: boolean }) {
  return (
    <thead>
      <tr>
        {props.columns.map((column) => (
          <th key={column} scope="col">
            {column}
          </th>
        ))}
        {props.withAction ? (
          <th scope="col">
            <span className="sr-only">Action</span>
          </th>
        ) : null}
      </tr>
    </thead>
  );
}
