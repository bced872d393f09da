/// The report's style sheet and script, inlined so the file stands alone.
enum HTMLAssets {
  static let css = """
    :root{--critical:#b03a2e;--major:#d68910;--warning:#2e86c1;--ink:#1c2833;--line:#d5d8dc}
    *{box-sizing:border-box}
    body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;color:var(--ink);margin:0;background:#fbfcfc}
    header,main,footer{max-width:1200px;margin:0 auto;padding:0 24px}
    header{padding-top:24px}
    h1{font-size:26px;margin:0 0 4px}
    h2{font-size:19px;border-bottom:1px solid var(--line);padding-bottom:4px}
    .policies{color:#566573;margin:0 0 16px}
    .cards{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0 20px}
    .card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px 16px;min-width:120px}
    .card .n{font-size:28px;font-weight:700}
    .card .l{color:#566573;font-size:13px}
    .card.critical .n{color:var(--critical)}.card.major .n{color:var(--major)}.card.warning .n{color:var(--warning)}
    .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:16px}
    figure{margin:0;background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px}
    figcaption{font-size:13px;color:#566573;text-align:center}
    svg.chart{max-width:100%;height:auto;font-family:inherit}
    .controls{display:flex;gap:8px;flex-wrap:wrap;margin-bottom:8px}
    .controls input{flex:1;min-width:240px;padding:6px}
    table{width:100%;border-collapse:collapse;background:#fff;font-size:13px}
    th,td{border-bottom:1px solid var(--line);padding:6px;text-align:left;vertical-align:top}
    th{cursor:pointer;background:#f2f3f4;position:sticky;top:0}
    th.asc::after{content:" ▲"}th.desc::after{content:" ▼"}
    tr.critical td:first-child{color:var(--critical);font-weight:700}
    tr.major td:first-child{color:var(--major);font-weight:700}
    tr.warning td:first-child{color:var(--warning)}
    tr.row{cursor:pointer}tr.row:hover{background:#f8f9f9}
    tr.detail td{background:#fdfefe;white-space:pre-wrap}
    .detail blockquote{margin:4px 0;padding-left:8px;border-left:3px solid var(--line)}
    .pager{margin:8px 0 24px;text-align:center}
    .errors li{margin:2px 0}
    footer{color:#808b96;font-size:12px;padding:24px}
    @media print{.controls,.pager{display:none}th{position:static}body{background:#fff}
      .charts{display:block}figure{break-inside:avoid;margin-bottom:8px}tr{break-inside:avoid}}
    """

  /// Pages through the violations kept as JSON in the page, so that 100,000 of
  /// them stay quick: only one page of rows is in the document at a time.
  static let script = """
    (function(){
    "use strict";
    window.addEventListener("error",function(){document.body.setAttribute("data-error","1");});
    var data=JSON.parse(document.getElementById("violations-data").textContent);
    var L=JSON.parse(document.getElementById("labels").textContent);
    var body=document.getElementById("violations-body");
    var pageSize=100,page=0,sortKey=null,sortDir=1,shown=data;
    var order={critical:0,major:1,warning:2};
    function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!==undefined)e.textContent=text;return e;}
    function matches(v,q,s,g){
      if(s&&v.s!==s)return false;
      if(g&&v.g!==g)return false;
      if(!q)return true;
      return [v.r,v.t,v.a,v.f,v.g,v.d,v.l,v.m].join("\\n").toLowerCase().indexOf(q)>=0;
    }
    function apply(){
      var q=document.getElementById("filter").value.trim().toLowerCase();
      var s=document.getElementById("severity-filter").value;
      var g=document.getElementById("region-filter").value;
      shown=data.filter(function(v){return matches(v,q,s,g);});
      if(sortKey){shown.sort(function(a,b){
        var x=sortKey==="s"?order[a.s]:a[sortKey]||"",y=sortKey==="s"?order[b.s]:b[sortKey]||"";
        return x<y?-sortDir:x>y?sortDir:0;});}
      page=0;render();
    }
    function detail(v){
      var tr=el("tr","detail"),td=el("td");td.colSpan=7;
      td.appendChild(el("div","",v.t+" — "+(v.d||"")));
      if(v.q){var b=el("blockquote","",v.a+" "+L.quote+"："+v.q);td.appendChild(b);}
      if(v.e){td.appendChild(el("div","",L.evidence+"\\n"+v.e));}
      if(v.c.length){td.appendChild(el("div","",L.consequences+"："+v.c.join("；")));}
      if(v.x){td.appendChild(el("div","",L.mitigated));}
      tr.appendChild(td);return tr;
    }
    function render(){
      while(body.firstChild)body.removeChild(body.firstChild);
      var pages=Math.max(1,Math.ceil(shown.length/pageSize));
      if(page>=pages)page=pages-1;
      shown.slice(page*pageSize,(page+1)*pageSize).forEach(function(v){
        var tr=el("tr","row "+v.s);
        [v.sl,v.r,v.a,v.f||"?",v.g||"",v.l,v.m].forEach(function(c){tr.appendChild(el("td","",c));});
        var open=null;
        tr.addEventListener("click",function(){
          if(open){body.removeChild(open);open=null;}else{open=detail(v);tr.parentNode.insertBefore(open,tr.nextSibling);}
        });
        body.appendChild(tr);
      });
      document.getElementById("count-shown").textContent=String(shown.length);
      document.getElementById("page").textContent=L.page.replace("{p}",String(page+1)).replace("{n}",String(pages));
    }
    Array.prototype.forEach.call(document.querySelectorAll("th[data-key]"),function(th){
      function sort(){
        var k=th.getAttribute("data-key");
        sortDir=sortKey===k?-sortDir:1;sortKey=k;
        Array.prototype.forEach.call(document.querySelectorAll("th"),function(h){h.classList.remove("asc","desc");});
        th.classList.add(sortDir>0?"asc":"desc");apply();
      }
      th.addEventListener("click",sort);
      th.addEventListener("keydown",function(e){if(e.key==="Enter")sort();});
    });
    ["filter","severity-filter","region-filter"].forEach(function(id){
      document.getElementById(id).addEventListener("input",apply);
    });
    document.getElementById("prev").addEventListener("click",function(){if(page>0){page--;render();}});
    document.getElementById("next").addEventListener("click",function(){
      if((page+1)*pageSize<shown.length){page++;render();}});
    render();
    document.body.setAttribute("data-ready","1");
    })();
    """
}
